import { AwsV4Signer } from 'aws4fetch';
import type { ApiRequest } from './ApiRequest.ts';
import { rfc3986Query } from './rfc3986Query.ts';
import type { Credentials } from './SessionStore.ts';
import { sha256Hex } from './sha256Hex.ts';

/** The platform refuses `keepalive` requests whose body is larger than this (Fetch spec, 64 KiB quota). */
const KEEPALIVE_BODY_LIMIT = 64 * 1024;
/** Derived signing keys kept per secret and day; a new secret arrives about once an hour. */
const KEY_CACHE_LIMIT = 16;
/**
 * Lifetime of a query-signed URL: SigV4's usual five-minute window, stated in the URL
 * (`X-Amz-Expires`) so a server that insists on it has it, and a URL seen in a log soon dies.
 */
const QUERY_SIGNATURE_SECONDS = 300;
/** SHA-256 of no bytes, the payload hash of every GET and HEAD: known, so not computed per request. */
const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** aws4fetch's signer, minus one WebCrypto round trip per bodiless request. */
class Signer extends AwsV4Signer {
  override hexBodyHash(): Promise<string> {
    // An app's own X-Amz-Content-Sha256 still wins, as in aws4fetch.
    return this.body === undefined && !this.headers.has('X-Amz-Content-Sha256')
      ? Promise.resolve(EMPTY_BODY_SHA256)
      : super.hexBodyHash();
  }
}

/** How the signed request is sent, chosen by the caller (see `CachedReads`). */
export interface SendOptions {
  cache: RequestCache;
  signal: AbortSignal;
  /** Sign in the query string (SigV4 presigned form) rather than in headers. */
  signQuery: boolean;
}

/** Signs with aws4fetch and builds the CORS request to send, keeping what the app asked for. */
export async function signRequest(
  call: ApiRequest,
  credentials: Credentials,
  serverNowMs: number,
  keyCache: Map<string, ArrayBuffer>,
  send: SendOptions,
): Promise<Request> {
  if (keyCache.size > KEY_CACHE_LIMIT) keyCache.clear();
  const { api, original, body } = call;
  const url = new URL(call.url);
  let headers = call.headers;
  if (call.dialect.hashesPayload && body !== undefined && !headers.has('X-Amz-Content-Sha256')) {
    // The signer then takes the hash from the header, so the body is hashed once.
    headers = new Headers(headers);
    headers.set('X-Amz-Content-Sha256', await sha256Hex(body));
  }
  if (send.signQuery) url.searchParams.set('X-Amz-Expires', String(QUERY_SIGNATURE_SECONDS));
  const signer = new Signer({
    method: call.method,
    url: url.href,
    headers,
    body,
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
    service: api.service,
    region: api.region,
    cache: keyCache,
    datetime: new Date(serverNowMs).toISOString().replace(/[:-]|\.\d{3}/g, ''),
    signQuery: send.signQuery,
  });
  const signed = await signer.sign();
  // aws4fetch sets the X-Amz-* parameters through URLSearchParams, which writes a space as `+`:
  // sent in the RFC 3986 form it signed, the query means the same to any server's decoding.
  if (send.signQuery) signed.url.search = rfc3986Query(signed.url.searchParams);
  return new Request(signed.url, {
    method: signed.method,
    headers: signed.headers,
    body,
    // An <img> or XHR may arrive as no-cors; the Authorization header needs CORS.
    mode: 'cors',
    // SigV4 needs no cookies, and credentials make the answer unreadable unless the API's CORS
    // allows them. Only an API configured to forward cookies gets the app's own `credentials`; a
    // no-cors original (<img>, <script>) carries its element's default mode, not a choice of the app.
    credentials: !api.forwardCookies
      ? 'omit'
      : original.mode === 'no-cors'
        ? 'same-origin'
        : original.credentials,
    // The HTTP cache keys on the URL, not on who signed: the caller picks a mode that never serves
    // one identity another's answer (CachedReads).
    cache: send.cache,
    // Never followed by the browser: a followed redirect carries the X-Amz-* headers to wherever it
    // points. `fetchSigned` answers the app with what it asked for instead (see answerRedirect).
    redirect: 'manual',
    referrer: original.referrer,
    referrerPolicy: original.referrerPolicy,
    integrity: original.integrity,
    keepalive: original.keepalive && (body?.byteLength ?? 0) <= KEEPALIVE_BODY_LIMIT,
    signal: send.signal,
  });
}
