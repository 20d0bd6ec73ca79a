import type { ErrorInfo } from '../../shared/errors.ts';
import { WORKER_RESPONSE_HEADER } from '../../shared/protocol.ts';

/** HTTP status for each error the worker answers a request with instead of the network. */
const STATUS: Partial<Record<ErrorInfo['code'], number>> = {
  'not-signed-in': 401,
  'session-expired': 401,
  'cognito-rejected': 401,
  'wrong-token': 401,
  'token-expired': 401,
  'user-mismatch': 401,
  'cognito-unavailable': 503,
  'unsupported-method': 405,
  'url-too-long': 414,
  'redirect-not-followed': 502,
};

/** A JSON response made by the worker itself, marked so the app can tell it from the API's. */
export function workerJsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', [WORKER_RESPONSE_HEADER]: '1', ...headers },
  });
}

/** The response for a request that could not be signed: 401, or 503 when Cognito is unavailable. */
export function errorResponse(error: ErrorInfo, headers: Record<string, string> = {}): Response {
  const status = STATUS[error.code] ?? 500;
  return workerJsonResponse(
    status,
    error,
    status === 503 ? { 'Retry-After': '5', ...headers } : headers,
  );
}
