import type { QueryPair } from './parseQuery.ts';

/** A request exactly as it arrived: what the signature check and the routes work from. */
export interface ReceivedRequest {
  method: string;
  /** Path as received, still percent-encoded, e.g. `/dev/echo/caf%C3%A9`. */
  rawPath: string;
  /** Query string as received, without `?`. */
  rawQuery: string;
  /** `rawQuery` split and percent-decoded, in received order. */
  query: QueryPair[];
  /** Lowercase header name to every value received for it, in order. */
  headers: Map<string, string[]>;
  body: Buffer;
}

/** Groups node's `rawHeaders` by lowercase name, keeping repeated headers apart. */
export function headersFromRaw(rawHeaders: string[]): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const list = headers.get(name);
    if (list) list.push(rawHeaders[i + 1]!);
    else headers.set(name, [rawHeaders[i + 1]!]);
  }
  return headers;
}

/** The first value of a header, if received. */
export function firstHeader(
  request: Pick<ReceivedRequest, 'headers'>,
  name: string,
): string | undefined {
  return request.headers.get(name)?.[0];
}
