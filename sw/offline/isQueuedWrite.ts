import type { ApiRequest } from '../signing/ApiRequest.ts';

/** The methods that change something: what the outbox keeps while offline. */
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether a request is a write the outbox may keep for later. A GraphQL API takes queries and
 * mutations alike by POST: there only a mutation is a write; a query queued offline would answer the
 * app with "queued" instead of data, so it is a read (see `graphqlReadKey`).
 */
export function isQueuedWrite(request: ApiRequest): boolean {
  if (!WRITE_METHODS.has(request.method)) return false;
  if (request.api.service !== 'appsync' || request.method !== 'POST') return true;
  return graphqlOperation(request.body) === 'mutation';
}

/**
 * The operation type of a GraphQL request body (`{"query", "operationName"?}`): the named operation's,
 * else the first one's; `{ … }` alone is a query. Undefined for a body that is not GraphQL.
 */
export function graphqlOperation(
  body: ArrayBuffer | undefined,
): 'query' | 'mutation' | 'subscription' | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return undefined;
  }
  const { query, operationName } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof query !== 'string') return undefined;
  // Comments and strings could hold the words below; neither can hold an operation.
  const source = query.replace(/"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*/g, ' ');
  const operations = [
    ...source.matchAll(/(?:^|[\s}])(query|mutation|subscription)\b\s*([_A-Za-z][_0-9A-Za-z]*)?/g),
  ].map(([, type, name]) => ({ type: type as 'query' | 'mutation' | 'subscription', name }));
  if (typeof operationName === 'string') {
    const named = operations.find((operation) => operation.name === operationName);
    if (named) return named.type;
  }
  if (operations[0]) return operations[0].type;
  return /^\s*\{/.test(source) ? 'query' : undefined;
}
