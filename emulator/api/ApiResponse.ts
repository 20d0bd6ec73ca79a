import type { IssuedCredentials } from '../EmulatorState.ts';
import type { ReceivedRequest } from './ReceivedRequest.ts';

/** What a route answers; `body` is sent as JSON unless undefined, or as is when it is a Buffer. */
export interface ApiResponse {
  status: number;
  body?: unknown;
  /** Extra response headers (e.g. `Cache-Control`, `Location`, the image's `Content-Type`). */
  headers?: Record<string, string>;
}

/** A route behind the IAM auth: the verified request and the credentials that signed it. */
export type RouteHandler = (
  request: ReceivedRequest,
  caller: IssuedCredentials,
) => Promise<ApiResponse>;
