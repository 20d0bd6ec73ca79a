import type { RouteHandler } from './ApiResponse.ts';
import { echoBody } from './echoRoute.ts';

/** Ten minutes: long enough that a browser's HTTP cache would answer a second GET from it. */
const MAX_AGE_SECONDS = 600;

/**
 * `GET /cached/{proxy+}`: the echo, marked cacheable (`Cache-Control: max-age=600`) as an API's
 * reference data often is; tests check that the worker never lets the HTTP cache answer for it.
 */
export const cachedRoute: RouteHandler = async (request, caller) => ({
  status: 200,
  body: echoBody(request, caller.identityId),
  headers: { 'Cache-Control': `max-age=${MAX_AGE_SECONDS}` },
});
