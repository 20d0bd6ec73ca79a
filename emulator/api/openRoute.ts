import type { ReceivedRequest } from './ReceivedRequest.ts';
import type { ApiResponse } from './ApiResponse.ts';
import { echoBody } from './echoRoute.ts';

/** Methods of the open route; enough for a benchmark's unsigned reads and uploads. */
const OPEN_METHODS = new Set(['GET', 'POST']);

/** A route with authorization NONE: no signature checked, no caller. */
export type OpenRouteHandler = (request: ReceivedRequest) => Promise<ApiResponse>;

/**
 * `GET|POST /<stage>/open/{proxy+}`: the echo route with authorization NONE, as an API Gateway
 * method without IAM auth answers. Benchmarks use it as the unsigned floor for the same work.
 */
export function matchOpenRoute(
  method: string,
  rawPath: string,
  stage: string,
): OpenRouteHandler | undefined {
  const [, first, resource] = rawPath.split('/');
  if (first !== stage || resource !== 'open' || !OPEN_METHODS.has(method)) return undefined;
  return async (request) => ({ status: 200, body: echoBody(request, '') });
}
