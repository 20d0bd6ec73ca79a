import type { ServerResponse } from 'node:http';
import type { ApiResponse } from './ApiResponse.ts';

/** Writes a route's answer (JSON unless a Buffer) with `extra` headers over its own. */
export function send(
  res: ServerResponse,
  response: ApiResponse,
  extra: Record<string, string>,
): void {
  const headers: Record<string, string | number> = { ...response.headers, ...extra };
  if (response.body === undefined) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  const bytes = Buffer.isBuffer(response.body)
    ? response.body
    : Buffer.from(JSON.stringify(response.body));
  res.writeHead(response.status, {
    'Content-Type': 'application/json',
    ...headers,
    'Content-Length': bytes.length,
  });
  res.end(bytes);
}
