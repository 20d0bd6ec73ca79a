/**
 * The methods an API Gateway REST API routes (its `ANY` stands for these): the worker signs these
 * and refuses any other verb, which API Gateway could not route and whose CORS preflight would fail.
 */
export const API_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * The method to sign for a request's method, or undefined for a verb the API cannot serve. Fetch
 * upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT (https://fetch.spec.whatwg.org/#concept-method-normalize),
 * so `fetch(url, { method: 'patch' })` arrives as `patch`; every HTTP client library means PATCH by
 * it, API Gateway routes only `PATCH` and CORS compares allowed methods case-sensitively.
 */
export function apiMethod(method: string): string | undefined {
  const upper = method.toUpperCase();
  return (API_METHODS as readonly string[]).includes(upper) ? upper : undefined;
}
