import type { IncomingMessage } from 'node:http';

/** Methods the stage's CORS preflight allows: all the routes use. */
const ALLOWED_METHODS = 'GET, PUT, POST, DELETE, PATCH, HEAD, OPTIONS';

/** Headers SigV4 clients (aws4fetch, the AWS SDKs) send, always allowed. */
const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'X-Amz-Date',
  'X-Amz-Security-Token',
  'X-Amz-Content-Sha256',
  'X-Amz-User-Agent',
];

/** Response headers scripts may read: the date for clock-skew correction, the error type, the id. */
const EXPOSED_HEADERS = 'Date, x-amzn-ErrorType, x-amzn-RequestId';

/** Browsers cache a preflight this long (seconds); Chromium caps it at 7200 anyway. */
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/** An RFC 9110 token: what a header name may be. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** CORS headers for every response, errors included: the request's Origin echoed, or `*`. */
export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  return {
    'Access-Control-Allow-Origin': origin ?? '*',
    // The agreed API contract: an echoed origin with credentials allowed, so a page's
    // `credentials: 'include'` request can read the answer (never with `*`, which forbids it).
    ...(origin ? { Vary: 'Origin', 'Access-Control-Allow-Credentials': 'true' } : {}),
    'Access-Control-Expose-Headers': EXPOSED_HEADERS,
  };
}

/** Headers answering a preflight: SigV4's headers plus whatever the page asked for. */
export function preflightHeaders(req: IncomingMessage): Record<string, string> {
  const allowed = [...ALLOWED_HEADERS];
  const seen = new Set(allowed.map((name) => name.toLowerCase()));
  const requested = req.headers['access-control-request-headers'] ?? '';
  for (const raw of requested.split(',')) {
    const name = raw.trim();
    if (!TOKEN.test(name) || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    allowed.push(name);
  }
  return {
    ...corsHeaders(req),
    // The answer depends on the requested headers too, so caches must key on them.
    Vary: req.headers.origin
      ? 'Origin, Access-Control-Request-Headers'
      : 'Access-Control-Request-Headers',
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    'Access-Control-Allow-Headers': allowed.join(', '),
    'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_SECONDS,
  };
}
