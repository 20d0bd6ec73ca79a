import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, readBody } from '../http.ts';
import { parseQuery } from './parseQuery.ts';
import { headersFromRaw, type ReceivedRequest } from './ReceivedRequest.ts';

/**
 * Reads a request whole, as a service's front end sees it: a body over `maxBytes` (declared or
 * sent) is refused with the service's own `tooLarge()` error before any of it is kept.
 */
export async function readReceivedRequest(
  req: IncomingMessage,
  target: { rawPath: string; rawQuery: string },
  maxBytes: number,
  tooLarge: () => Error,
): Promise<ReceivedRequest> {
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw tooLarge();
  const body = await readBody(req, maxBytes).catch((error: unknown) => {
    if (error instanceof BodyTooLargeError) throw tooLarge();
    throw error;
  });
  return {
    method: req.method ?? 'GET',
    rawPath: target.rawPath,
    rawQuery: target.rawQuery,
    query: parseQuery(target.rawQuery),
    headers: headersFromRaw(req.rawHeaders),
    body,
  };
}
