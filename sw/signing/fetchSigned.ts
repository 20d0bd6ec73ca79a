import type { SignedApi } from '../../shared/config.ts';
import { SigningError, toErrorInfo } from '../../shared/errors.ts';
import { isClockSkew, serverTimeOf } from './clockSkew.ts';
import { API_METHODS, apiMethod } from './apiMethod.ts';
import type { CredentialManager } from './CredentialManager.ts';
import { signableHeaders, signRequest, wireUrl, type Unsigned } from './signRequest.ts';
import { answerRedirect } from './answerRedirect.ts';
import { errorResponse } from './workerResponse.ts';

/** API Gateway's error types that mean the credentials themselves were refused. */
const REFUSED_TOKEN_TYPES = new Set(['ExpiredTokenException', 'UnrecognizedClientException']);

/** What `fetchSigned` needs from its worker. */
export interface SignedFetchContext {
  credentials: CredentialManager;
  /** Derived signing keys, shared by every request. */
  keyCache: Map<string, ArrayBuffer>;
  fetch?: typeof fetch;
  /**
   * Sign only with this identity's credentials; any other session gets a `user-mismatch` answer
   * (the offline outbox pins each queued write to the identity that made it).
   */
  identityId?: string;
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
  let skewRetried = false;
  let tokenRetried = false;
  for (;;) {
    // Signed out, or another user signed in, since these were issued: they are no one's to use now.
    if (!context.credentials.isCurrent(current.credentials)) {
      return errorResponse({ code: 'not-signed-in', message: 'The session has ended.' });
    }
    const signed = await signRequest(
      unsigned,
      current.credentials,
      api,
      context.credentials.serverNow(),
      context.keyCache,
    );
    const response = await send(signed);
    if (response.type === 'opaqueredirect') return answerRedirect(response, request);
    if (response.status !== 403) return response;
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
    return response;
  }
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
