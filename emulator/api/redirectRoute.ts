import type { ApiResponse, RouteHandler } from './ApiResponse.ts';

/** Redirect statuses a backend may answer with (RFC 9110 §15.4). */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * `ANY /redirect/{status}?to=<url>`: answers `status` with `Location: to`, as a Lambda behind the
 * API may; `to` may point under the API or at another origin, for the worker's redirect tests.
 */
export function redirectRoute(rawStatus: string): RouteHandler {
  return async (request) => {
    const status = Number(rawStatus);
    const to = request.query.find(([key]) => key === 'to')?.[1];
    if (!REDIRECT_STATUSES.has(status)) return badRequest(`No redirect status ${rawStatus}`);
    if (!to) return badRequest('to is a required query parameter');
    return { status, headers: { Location: to } };
  };
}

function badRequest(message: string): ApiResponse {
  return { status: 400, body: { message } };
}
