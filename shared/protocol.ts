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

/** Asks the worker to take control of the sending page (one loaded uncontrolled, e.g. by a hard reload). */
export interface ClaimRequest {
  type: 'claim';
  v: typeof PROTOCOL_VERSION;
}

/** Every message a page may send to the worker. */
export type WorkerRequest =
  SignInRequest | TokenRequest | NoTokenRequest | SignOutRequest | StatusRequest | ClaimRequest;

/** A message of a type a plug-in added (see `SigningPlugin.messages`); the core only checks its fields. */
export interface ExtensionRequest {
  type: string;
  v: typeof PROTOCOL_VERSION;
  [field: string]: unknown;
}

/** Types a message field may have; checked before any handler runs. */
export type FieldType = 'string' | 'number' | 'boolean';

/** The fields a message type carries besides `type` and `v`, with their types. */
export type MessageFields = Readonly<Record<string, FieldType>>;

/** The core's message types and their fields. */
const CORE_MESSAGES: Readonly<Record<WorkerRequest['type'], MessageFields>> = {
  'sign-in': { idToken: 'string' },
  token: { idToken: 'string' },
  'no-token': {},
  'sign-out': {},
  status: {},
  claim: {},
};

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
}

/** Result type for each request type. */
export interface WorkerResults {
  'sign-in': SignInResult;
  token: SignInResult;
  /** Whether a session ended (false when the worker was not waiting for a user's token). */
  'no-token': { signedOut: boolean };
  'sign-out': Record<string, never>;
  status: StatusResult;
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
  | { type: 'token-needed'; v: typeof PROTOCOL_VERSION; fallOver: boolean };

/** An event of a type a plug-in added, broadcast through the layer like the core's. */
export interface ExtensionEvent {
  type: string;
  v: typeof PROTOCOL_VERSION;
  [field: string]: unknown;
}

/** The page's side of the channel as a plug-in's page helper uses it (`SigningClient` is one). */
export interface WorkerChannel {
  /** Sends a message of any type the worker answers; rejects with the worker's error code. */
  request<T>(type: string, fields?: Record<string, unknown>): Promise<T>;
  /** Listens to the worker's events of `type`; returns a function that stops listening. */
  on(type: string, listener: (event: ExtensionEvent) => void): () => void;
}

/** Header the worker sets on responses it made itself instead of the network. */
export const WORKER_RESPONSE_HEADER = 'X-Signing-Worker';

/**
 * Checks that `data` is a well-formed message of a core type or of one of `extensions` (a plug-in's
 * types and their fields), returning a reason when it is not.
 */
export function validateRequest(
  data: unknown,
  extensions: Readonly<Record<string, MessageFields>> = {},
): { request: WorkerRequest | ExtensionRequest } | { reason: string } {
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
  // Own keys only: "constructor" or "__proto__" would otherwise find Object.prototype's members.
  const fields = Object.hasOwn(CORE_MESSAGES, message.type)
    ? CORE_MESSAGES[message.type as WorkerRequest['type']]
    : Object.hasOwn(extensions, message.type)
      ? extensions[message.type]
      : undefined;
  if (!fields) return { reason: `Unknown message type "${message.type.slice(0, 40)}".` };
  const extra = Object.keys(message).find(
    (key) => key !== 'type' && key !== 'v' && !Object.hasOwn(fields, key),
  );
  if (extra !== undefined)
    return { reason: `Unexpected field "${extra.slice(0, 40)}" in "${message.type}".` };
  for (const [field, type] of Object.entries(fields)) {
    if (typeof message[field] !== type) {
      return { reason: `"${message.type}" needs a ${type} "${field}".` };
    }
  }
  return { request: message as WorkerRequest | ExtensionRequest };
}

/** Whether a message type belongs to the core protocol (a plug-in may not take it over). */
export function isCoreMessage(type: string): boolean {
  return Object.hasOwn(CORE_MESSAGES, type);
}
