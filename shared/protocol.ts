import type { ErrorInfo } from './errors.ts';

/** Version of the page ⇄ worker protocol; bumped on incompatible changes. */
export const PROTOCOL_VERSION = 1;

/** Hands the worker a user's ID token; a different user replaces the session. */
export interface SignInRequest {
  type: 'sign-in';
  v: typeof PROTOCOL_VERSION;
  idToken: string;
}

/** A refreshed ID token for the signed-in user, in answer to `token-needed`. */
export interface TokenRequest {
  type: 'token';
  v: typeof PROTOCOL_VERSION;
  idToken: string;
}

/**
 * The answer to `token-needed` from a page that has no session to refresh (refresh token expired
 * or revoked, or signed out of the User Pool): the worker ends the session at once.
 */
export interface NoTokenRequest {
  type: 'no-token';
  v: typeof PROTOCOL_VERSION;
}

/** Clears the session, its credentials and every cached authenticated response. */
export interface SignOutRequest {
  type: 'sign-out';
  v: typeof PROTOCOL_VERSION;
}

/** Asks who is signed in; never answered with a secret. */
export interface StatusRequest {
  type: 'status';
  v: typeof PROTOCOL_VERSION;
}

/** Asks the worker to replay queued offline writes now. */
export interface SyncRequest {
  type: 'sync';
  v: typeof PROTOCOL_VERSION;
}

/** Asks the worker to take control of the sending page (one loaded uncontrolled, e.g. by a hard reload). */
export interface ClaimRequest {
  type: 'claim';
  v: typeof PROTOCOL_VERSION;
}

/** Every message a page may send to the worker. */
export type WorkerRequest =
  | SignInRequest
  | TokenRequest
  | NoTokenRequest
  | SignOutRequest
  | StatusRequest
  | SyncRequest
  | ClaimRequest;

/** The answer to `sign-in`. */
export interface SignInResult {
  identityId: string;
  /** When the current credentials expire, epoch milliseconds. */
  expiration: number;
}

/** The answer to `status`. */
export interface StatusResult {
  signedIn: boolean;
  identityId?: string;
  /** The signed-in user's `cognito:username`. */
  username?: string;
  /** When the current credentials expire, epoch milliseconds; absent when none are held. */
  expiration?: number;
  /** Learned difference between API Gateway's clock and ours, milliseconds. */
  clockOffsetMs: number;
  /** Writes queued offline for the signed-in identity. */
  pendingWrites: number;
}

/** The answer to `sync`. */
export interface SyncResult {
  replayed: number;
  pendingWrites: number;
}

/** Result type for each request type. */
export interface WorkerResults {
  'sign-in': SignInResult;
  token: SignInResult;
  /** Whether a session ended (false when the worker was not waiting for a user's token). */
  'no-token': { signedOut: boolean };
  'sign-out': { pendingWrites: number };
  status: StatusResult;
  sync: SyncResult;
  claim: Record<string, never>;
}

/** What the worker posts back on `event.ports[0]`, for every message. */
export type WorkerReply<T = unknown> = { ok: true; result: T } | { ok: false; error: ErrorInfo };

/** Events the worker broadcasts to every window client of its origin. */
export type WorkerEvent =
  | { type: 'signed-in'; v: typeof PROTOCOL_VERSION; identityId: string; username?: string }
  | { type: 'signed-out'; v: typeof PROTOCOL_VERSION }
  /**
   * The ID token has expired; answer with `token` (or `no-token`) within the worker's wait. One tab,
   * elected, answers; when it has not in time the worker asks again with `fallOver`, for every tab.
   */
  | { type: 'token-needed'; v: typeof PROTOCOL_VERSION; fallOver: boolean }
  | { type: 'outbox-changed'; v: typeof PROTOCOL_VERSION; pendingWrites: number };

/**
 * Body of the 202 the worker answers a write with when it queued it offline. (Requests it could
 * not sign get a 401 or 503 whose body is an `ErrorInfo`.)
 */
export interface QueuedResponseBody {
  queued: true;
  /** Outbox entry id. */
  id: string;
  pendingWrites: number;
  message: string;
}

/** Header the worker sets on responses it made itself instead of the network. */
export const WORKER_RESPONSE_HEADER = 'X-Signing-Worker';

/** Checks that `data` is a well-formed `WorkerRequest`, returning a reason when it is not. */
export function validateRequest(data: unknown): { request: WorkerRequest } | { reason: string } {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { reason: 'A message must be a JSON object.' };
  }
  const message = data as Record<string, unknown>;
  if (typeof message.type !== 'string') return { reason: 'A message needs a string "type".' };
  if (message.v !== PROTOCOL_VERSION) {
    return {
      reason: `Unsupported protocol version ${String(message.v)}; this worker speaks ${PROTOCOL_VERSION}.`,
    };
  }
  const allowed: Record<string, readonly string[]> = {
    'sign-in': ['type', 'v', 'idToken'],
    token: ['type', 'v', 'idToken'],
    'no-token': ['type', 'v'],
    'sign-out': ['type', 'v'],
    status: ['type', 'v'],
    sync: ['type', 'v'],
    claim: ['type', 'v'],
  };
  // Own keys only: "constructor" or "__proto__" would otherwise find Object.prototype's members.
  const fields = Object.hasOwn(allowed, message.type) ? allowed[message.type] : undefined;
  if (!fields) return { reason: `Unknown message type "${message.type.slice(0, 40)}".` };
  const extra = Object.keys(message).find((key) => !fields.includes(key));
  if (extra !== undefined)
    return { reason: `Unexpected field "${extra.slice(0, 40)}" in "${message.type}".` };
  if (fields.includes('idToken') && typeof message.idToken !== 'string') {
    return { reason: `"${message.type}" needs a string "idToken".` };
  }
  return { request: message as unknown as WorkerRequest };
}
