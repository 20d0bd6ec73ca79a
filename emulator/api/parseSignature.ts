import { SignatureRejection } from './SignatureRejection.ts';
import { formatAmzDate } from './amzDate.ts';
import { firstHeader, type ReceivedRequest } from './ReceivedRequest.ts';

/** The SigV4 algorithm; the only one API Gateway's `AWS_IAM` authorization accepts. */
export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** Presigned URLs live at most a week, SigV4's ceiling for `X-Amz-Expires`. */
const MAX_EXPIRES_SECONDS = 604_800;

/** The signature fields of a request, from its `Authorization` header or its presigned query. */
export interface SignatureFields {
  mode: 'header' | 'query';
  credential: string;
  /** Lowercase names, as listed by the client. */
  signedHeaders: string[];
  signature: string;
  /** `X-Amz-Date`, or the `Date` header converted to the same form; not yet validated. */
  date: string;
  securityToken: string | undefined;
  /** Presigned `X-Amz-Expires`, seconds. */
  expiresSeconds: number | undefined;
}

/** Query keys that mark a presigned request. */
const PRESIGN_KEYS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Signature',
  'X-Amz-SignedHeaders',
];

/** Whether the request carries any SigV4 auth at all (header or presigned query). */
export function hasSignature(request: ReceivedRequest): boolean {
  return (
    request.headers.has('authorization') ||
    request.query.some(([key]) => PRESIGN_KEYS.includes(key))
  );
}

/**
 * Reads the signature fields, rejecting malformed ones with API Gateway's
 * `incomplete` rejections (API Gateway's IncompleteSignatureException texts). The header form follows real traces: the first word is the
 * algorithm, the rest splits on commas and whitespace into `key=value` pairs, and the missing-part
 * message echoes `Authorization=<header>`.
 */
export function parseSignature(request: ReceivedRequest): SignatureFields {
  const authorization = firstHeader(request, 'authorization');
  return authorization !== undefined
    ? parseAuthorizationHeader(request, authorization)
    : parsePresignedQuery(request);
}

function parseAuthorizationHeader(request: ReceivedRequest, header: string): SignatureFields {
  const trimmed = header.trim();
  const space = trimmed.search(/\s/);
  const algorithm = space === -1 ? trimmed : trimmed.slice(0, space);
  const rest = space === -1 ? '' : trimmed.slice(space + 1);
  const params = new Map<string, string>();
  for (const piece of rest.split(/[\s,]+/)) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    if (eq === -1) {
      throw incomplete(
        `'${piece}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`,
      );
    }
    const key = piece.slice(0, eq);
    if (!params.has(key)) params.set(key, piece.slice(eq + 1));
  }
  const date = requestDate(request, undefined);
  let missing = '';
  if (!params.has('Credential'))
    missing += "Authorization header requires 'Credential' parameter. ";
  if (!params.has('Signature')) missing += "Authorization header requires 'Signature' parameter. ";
  if (!params.has('SignedHeaders'))
    missing += "Authorization header requires 'SignedHeaders' parameter. ";
  if (date === undefined)
    missing +=
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  if (missing) throw incomplete(`${missing}Authorization=${header}`);
  if (algorithm !== SIGV4_ALGORITHM)
    throw incomplete(`Unsupported AWS 'algorithm': '${algorithm}'.`);
  return {
    mode: 'header',
    credential: params.get('Credential')!,
    signedHeaders: splitSignedHeaders(params.get('SignedHeaders')!),
    signature: params.get('Signature')!,
    date: date!,
    securityToken: firstHeader(request, 'x-amz-security-token'),
    expiresSeconds: undefined,
  };
}

function parsePresignedQuery(request: ReceivedRequest): SignatureFields {
  const param = (name: string) => request.query.find(([key]) => key === name)?.[1];
  const date = requestDate(request, param('X-Amz-Date'));
  let missing = '';
  for (const name of [
    'X-Amz-Algorithm',
    'X-Amz-Credential',
    'X-Amz-Signature',
    'X-Amz-SignedHeaders',
  ]) {
    if (param(name) === undefined)
      missing += `AWS query-string parameters must include '${name}'. `;
  }
  if (date === undefined) missing += "AWS query-string parameters must include 'X-Amz-Date'. ";
  if (missing) throw incomplete(`${missing}Re-examine the query-string parameters.`);
  const algorithm = param('X-Amz-Algorithm')!;
  if (algorithm !== SIGV4_ALGORITHM)
    throw incomplete(`Unsupported AWS 'algorithm': '${algorithm}'.`);
  const expires = param('X-Amz-Expires');
  let expiresSeconds: number | undefined;
  if (expires !== undefined) {
    if (!/^\d{1,7}$/.test(expires) || Number(expires) > MAX_EXPIRES_SECONDS) {
      throw incomplete(
        `X-Amz-Expires must be a whole number of seconds from 1 to ${MAX_EXPIRES_SECONDS}, got '${expires}'.`,
      );
    }
    expiresSeconds = Number(expires);
  }
  return {
    mode: 'query',
    credential: param('X-Amz-Credential')!,
    signedHeaders: splitSignedHeaders(param('X-Amz-SignedHeaders')!),
    signature: param('X-Amz-Signature')!,
    date: date!,
    securityToken: param('X-Amz-Security-Token') ?? firstHeader(request, 'x-amz-security-token'),
    expiresSeconds,
  };
}

function splitSignedHeaders(value: string): string[] {
  return value.split(';').map((name) => name.trim().toLowerCase());
}

/** `X-Amz-Date` (query, then header) wins; the HTTP `Date` header is the fallback SigV4 allows. */
function requestDate(request: ReceivedRequest, fromQuery: string | undefined): string | undefined {
  const amzDate = fromQuery ?? firstHeader(request, 'x-amz-date');
  if (amzDate !== undefined) return amzDate;
  const httpDate = firstHeader(request, 'date');
  if (httpDate === undefined) return undefined;
  const ms = Date.parse(httpDate);
  return Number.isNaN(ms) ? httpDate : formatAmzDate(ms);
}

function incomplete(message: string): SignatureRejection {
  return new SignatureRejection('incomplete', message);
}
