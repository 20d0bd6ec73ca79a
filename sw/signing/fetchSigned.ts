import type { SignedApi } from '../../shared/config.ts';
import { SigningError, toErrorInfo } from '../../shared/errors.ts';
import { isClockSkew, serverTimeOf } from './clockSkew.ts';
import { API_METHODS, apiMethod } from './apiMethod.ts';
import type { CredentialManager } from './CredentialManager.ts';
import { signableHeaders, signRequest, wireUrl, type Unsigned } from './signRequest.ts';
import { answerRedirect } from './answerRedirect.ts';
import type { CachedReads } from './CachedReads.ts';
import type { SignedFetchOptions } from './SigningPlugin.ts';
import { errorResponse } from './workerResponse.ts';

/**
 * Longest URL a query-signed request may have: API Gateway's quota for a regional REST API's URL
 * (an edge-optimized API allows 8,192); a longer one is refused before it is sent.
 */
const MAX_QUERY_SIGNED_URL_LENGTH = 10_240;

/** API Gateway's error types that mean the credentials themselves were refused. */
const REFUSED_TOKEN_TYPES = new Set(['ExpiredTokenException', 'UnrecognizedClientException']);

/** What `fetchSigned` needs from its worker. */
export interface SignedFetchContext extends SignedFetchOptions {
  credentials: CredentialManager;
  /** Derived signing keys, shared by every request. */
  keyCache: Map<string, ArrayBuffer>;
  /** Which URLs' cached answers are the current identity's, shared by every request. */
  reads: CachedReads;
  fetch?: typeof fetch;
}

/**
 * Signs a request for `api` and sends it. Requests refused before they ran are retried at most once
 * per cause: a clock-skew 403 re-signs with AWS's time; an expired or invalid token 403 gets fresh
 * credentials. Without credentials the app gets a JSON 401 (or 503 while Cognito is failing); a
 * verb API Gateway cannot route gets a JSON 405 and is not sent; a redirect is never followed (see
 * `answerRedirect`); network failures reject, as `fetch` does.
 */
export async function fetchSigned(
  request: Request,
  api: SignedApi,
  context: SignedFetchContext,
): Promise<Response> {
  const send = context.fetch ?? fetch;
  const method = apiMethod(request.method);
  if (method === undefined) {
    return errorResponse(
      {
        code: 'unsupported-method',
        message: `${request.method} ${request.url} was not sent: API Gateway routes only ${API_METHODS.join(', ')}.`,
      },
      { Allow: API_METHODS.join(', ') },
    );
  }
  const unsigned: Unsigned = {
    url: wireUrl(new URL(request.url)),
    method,
    headers: signableHeaders(request.headers),
    body: method === 'GET' || method === 'HEAD' ? undefined : await request.arrayBuffer(),
    original: request,
  };
  let current;
  try {
    current = await context.credentials.get();
  } catch (error) {
    return errorResponse(toErrorInfo(error));
  }
  if (isOtherIdentity(current.identityId, context.identityId)) return mismatchResponse();
  const read = method === 'GET' || method === 'HEAD';
  const signQuery = read && api.signQuery;
  if (read) await context.reads.ready();
  let skewRetried = false;
  let tokenRetried = false;
  for (;;) {
    // Signed out, or another user signed in, since these were issued: they are no one's to use now.
    if (context.credentials.hasEnded(current.credentials)) {
      return errorResponse({ code: 'not-signed-in', message: 'The session has ended.' });
    }
    const { identityId } = current;
    const cache = signQuery
      ? // Every query-signed URL is new (X-Amz-Date): nothing in the cache is worth keeping.
        'no-store'
      : context.reads.cacheMode(api, method, unsigned.url, identityId, request.cache);
    const tracked = read ? context.reads.track(request.signal) : undefined;
    const signed = await signRequest(
      unsigned,
      current.credentials,
      api,
      context.credentials.serverNow(),
      context.keyCache,
      { cache, signal: tracked?.signal ?? request.signal, signQuery },
    );
    if (signQuery && signed.url.length > MAX_QUERY_SIGNED_URL_LENGTH) {
      tracked?.done();
      return urlTooLongResponse(request, signed.url.length);
    }
    let response;
    try {
      response = await send(signed);
    } finally {
      tracked?.done();
    }
    // The answer replaced whatever the cache held for this URL: this identity's from now on, unless
    // the session ended while it was on its way (then the next session starts with no URLs).
    if (cache !== 'no-store' && !context.credentials.hasEnded(current.credentials)) {
      context.reads.record(method, unsigned.url, identityId);
    }
    if (response.type === 'opaqueredirect') {
      // Its `url` is the signed one, session token included: never handed to a page.
      return answerRedirect(response, request, !signQuery);
    }
    if (response.status !== 403) return signQuery ? withoutSignedUrl(response) : response;
    const rejection = await readRejection(response);
    if (!skewRetried && isClockSkew(rejection.message)) {
      skewRetried = true;
      const serverTime = serverTimeOf(rejection.message, response.headers.get('Date'));
      if (serverTime !== undefined) {
        await context.credentials.learnServerTime(serverTime);
        continue;
      }
    }
    if (!tokenRetried && REFUSED_TOKEN_TYPES.has(rejection.type)) {
      tokenRetried = true;
      try {
        current = await context.credentials.replace(current.credentials);
      } catch (error) {
        return error instanceof SigningError ? errorResponse(error.toInfo()) : response;
      }
      if (isOtherIdentity(current.identityId, context.identityId)) return mismatchResponse();
      continue;
    }
    return signQuery ? withoutSignedUrl(response) : response;
  }
}

/**
 * The answer to a query-signed request without its URL: a page reads `Response.url`, which would
 * hold the session token; a response the worker builds takes the app's own request URL instead.
 */
function withoutSignedUrl(response: Response): Response {
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

function urlTooLongResponse(request: Request, length: number): Response {
  return errorResponse({
    code: 'url-too-long',
    message:
      `${request.method} ${request.url} was not sent: signed in the query string its URL would be ` +
      `${length} characters, more than API Gateway's ${MAX_QUERY_SIGNED_URL_LENGTH}. Shorten the ` +
      'query, or turn signQuery off for this API.',
  });
}

function isOtherIdentity(actual: string, pinned: string | undefined): boolean {
  return pinned !== undefined && actual !== pinned;
}

function mismatchResponse(): Response {
  return errorResponse({
    code: 'user-mismatch',
    message: 'Another user is signed in now; the request was not sent.',
  });
}

/** API Gateway's error type (header, without the `:…` suffix real AWS adds) and message of a 403. */
async function readRejection(response: Response): Promise<{ type: string; message: string }> {
  const type = (response.headers.get('x-amzn-ErrorType') ?? '').split(':')[0] ?? '';
  let message = '';
  try {
    const body: unknown = await response.clone().json();
    if (typeof body === 'object' && body !== null) {
      const value =
        (body as Record<string, unknown>).message ?? (body as Record<string, unknown>).Message;
      if (typeof value === 'string') message = value;
    }
  } catch {
    // Not JSON: an app's own 403, not API Gateway's; nothing to recover.
  }
  return { type, message };
}
