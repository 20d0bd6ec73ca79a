import { rfc3986Query } from '../rfc3986Query.ts';
import type { ServiceDialect } from './ServiceDialect.ts';

/**
 * The methods an API Gateway REST API routes (its `ANY` stands for these); any other verb API
 * Gateway could not route, and its CORS preflight would fail.
 */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
/** API Gateway's quota for a regional REST API's URL (an edge-optimized API allows 8,192). */
const MAX_URL_LENGTH = 10_240;
/** API Gateway's error types that mean the credentials themselves were refused. */
const CREDENTIALS_REFUSED = new Set(['ExpiredTokenException', 'UnrecognizedClientException']);
/** API Gateway's clock-skew texts, e.g. "Signature expired: A is now earlier than B (C - 5 min.)". */
const SKEW_MESSAGE = /^Signature (?:expired|not yet current): .*\((\d{8}T\d{6}Z) [+-] \d+ min\.\)/;

/** API Gateway REST APIs (`execute-api`), the service the worker signs for unless told otherwise. */
export const executeApi: ServiceDialect = {
  service: 'execute-api',
  title: 'API Gateway',
  methods: METHODS,
  maxQuerySignedUrlLength: MAX_URL_LENGTH,
  /**
   * Fetch upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT
   * (https://fetch.spec.whatwg.org/#concept-method-normalize), so `fetch(url, { method: 'patch' })`
   * arrives as `patch`; every HTTP client library means PATCH by it, API Gateway routes only `PATCH`
   * and CORS compares allowed methods case-sensitively.
   */
  method(method) {
    const upper = method.toUpperCase();
    return (METHODS as readonly string[]).includes(upper) ? upper : undefined;
  },
  /**
   * The query re-encoded in RFC 3986 form (read as `URLSearchParams` reads it, so a raw `+` is a
   * space and a literal plus must be `%2B`) and repeated slashes in the path collapsed, as aws4fetch
   * canonicalises them for every service but S3; the fragment dropped.
   */
  wireUrl(url) {
    const wire = new URL(url.href);
    wire.hash = '';
    wire.pathname = wire.pathname.replace(/\/{2,}/g, '/');
    if (wire.search) wire.search = rfc3986Query(new URLSearchParams(wire.search));
    return wire;
  },
  /**
   * API Gateway names the error in `x-amzn-ErrorType` (real AWS adds `:…`) and explains it in a
   * JSON `message`; a 403 without them is the app's own, not API Gateway's.
   */
  async parseRejection(response) {
    const type = (response.headers.get('x-amzn-ErrorType') ?? '').split(':')[0] ?? '';
    if (CREDENTIALS_REFUSED.has(type)) return { reason: 'credentials-refused' };
    const message = await jsonMessage(response);
    const stamp = SKEW_MESSAGE.exec(message)?.[1];
    if (stamp === undefined) return { reason: 'other' };
    return { reason: 'clock-skew', serverTime: stampTime(stamp) ?? headerTime(response) };
  },
};

async function jsonMessage(response: Response): Promise<string> {
  try {
    const body: unknown = await response.clone().json();
    if (typeof body !== 'object' || body === null) return '';
    const { message, Message } = body as Record<string, unknown>;
    const value = message ?? Message;
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}

/** The time in a SigV4 stamp such as `20261203T120000Z`. */
function stampTime(stamp: string): number | undefined {
  const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`;
  const time = Date.parse(iso);
  return Number.isFinite(time) ? time : undefined;
}

function headerTime(response: Response): number | undefined {
  const date = Date.parse(response.headers.get('Date') ?? '');
  return Number.isFinite(date) ? date : undefined;
}
