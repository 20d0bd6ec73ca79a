import { createHash } from 'node:crypto';
import type { RouteHandler } from './ApiResponse.ts';
import { groupQuery } from './parseQuery.ts';
import type { ReceivedRequest } from './ReceivedRequest.ts';

/** What `ANY /echo/{proxy+}` answers: the request as the server received it. */
export interface EchoResponse {
  method: string;
  /** Raw path, still percent-encoded. */
  path: string;
  /** Raw query string without `?`. */
  query: string;
  /** Query parameters percent-decoded (`+` stays `+`), repeated keys kept. */
  queryParams: Record<string, string[]>;
  /** Lowercase names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  bodySha256: string;
  bodyLength: number;
  identityId: string;
}

/** Echoes the verified request back, so tests can see exactly what arrived. */
export const echoRoute: RouteHandler = async (request, caller) => ({
  status: 200,
  body: echoBody(request, caller.identityId),
});

/** The echo of a received request, as `identityId` (empty when no one signed it). */
export function echoBody(request: ReceivedRequest, identityId: string): EchoResponse {
  const headers: Record<string, string> = {};
  for (const [name, values] of request.headers) headers[name] = values.join(', ');
  return {
    method: request.method,
    path: request.rawPath,
    query: request.rawQuery,
    queryParams: groupQuery(request.query),
    headers,
    bodySha256: createHash('sha256').update(request.body).digest('hex'),
    bodyLength: request.body.length,
    identityId,
  };
}
