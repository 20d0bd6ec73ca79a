import type { ApiRequest } from '../signing/ApiRequest.ts';
import { sha256Hex } from '../signing/sha256Hex.ts';
import { graphqlOperation } from './isQueuedWrite.ts';

/** The query parameter of a GraphQL read's cache key: the SHA-256 of the request body. */
const KEY_PARAM = 'graphql-body-sha256';

/**
 * The cache key of a GraphQL query POSTed to an AppSync API, which Cache Storage cannot key itself
 * (it keeps GETs only): a GET of the endpoint named by the body's hash, so the same query with the
 * same variables finds its last answer offline. Undefined for any other request.
 */
export async function graphqlReadKey(request: ApiRequest): Promise<Request | undefined> {
  if (request.api.service !== 'appsync' || request.method !== 'POST') return undefined;
  if (graphqlOperation(request.body) !== 'query') return undefined;
  const key = new URL(request.url);
  key.searchParams.set(KEY_PARAM, await sha256Hex(request.body!));
  return new Request(key, { signal: request.original.signal });
}
