import { SigningError, toErrorInfo } from '../../shared/errors.ts';
import { isRead, type ApiRequest } from './ApiRequest.ts';
import type { CredentialManager } from './CredentialManager.ts';
import { signRequest } from './signRequest.ts';
import { answerRedirect } from './answerRedirect.ts';
import type { CachedReads } from './CachedReads.ts';
import type { SignedFetchOptions } from './SigningPlugin.ts';
import { errorResponse } from './workerResponse.ts';

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
 * Signs an app's request and sends it. Requests refused before they ran are retried at most once
 * per cause: a clock-skew refusal re-signs with AWS's time; one refusing the credentials gets fresh
 * ones (the service's dialect reads which it is, from the statuses it refuses with). Without
 * credentials the app gets a JSON 401 (or 503 while Cognito is failing); a redirect is never
 * followed (see `answerRedirect`); network failures reject, as `fetch` does.
 */
export async function fetchSigned(
  call: ApiRequest,
  context: SignedFetchContext,
): Promise<Response> {
  const send = context.fetch ?? fetch;
  const { api, dialect, method, original: request } = call;
  let current;
  try {
    current = await context.credentials.get();
  } catch (error) {
    return errorResponse(toErrorInfo(error));
  }
  if (isOtherIdentity(current.identityId, context.identityId)) return mismatchResponse();
  const read = isRead(method);
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
      : context.reads.cacheMode(api, method, call.url, identityId, request.cache);
    const tracked = read ? context.reads.track(request.signal) : undefined;
    const signed = await signRequest(
      call,
      current.credentials,
      context.credentials.serverNow(),
      context.keyCache,
      { cache, signal: tracked?.signal ?? request.signal, signQuery },
    );
    const maxUrlLength = dialect.maxQuerySignedUrlLength ?? Infinity;
    if (signQuery && signed.url.length > maxUrlLength) {
      tracked?.done();
      return urlTooLongResponse(call, signed.url.length, maxUrlLength);
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
      context.reads.record(method, call.url, identityId);
    }
    if (response.type === 'opaqueredirect') {
      // Its `url` is the signed one, session token included: never handed to a page.
      return answerRedirect(response, request, !signQuery);
    }
    if (!dialect.rejectionStatuses.includes(response.status)) {
      return signQuery ? withoutSignedUrl(response) : response;
    }
    const rejection = await dialect.parseRejection(response);
    if (!skewRetried && rejection.reason === 'clock-skew') {
      skewRetried = true;
      if (rejection.serverTime !== undefined) {
        await context.credentials.learnServerTime(rejection.serverTime);
        continue;
      }
    }
    if (!tokenRetried && rejection.reason === 'credentials-refused') {
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

function urlTooLongResponse(call: ApiRequest, length: number, maxLength: number): Response {
  const { original, dialect } = call;
  return errorResponse({
    code: 'url-too-long',
    message:
      `${original.method} ${original.url} was not sent: signed in the query string its URL would be ` +
      `${length} characters, more than ${dialect.title}'s ${maxLength}. ` +
      'Shorten the query, or turn signQuery off for this API.',
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
