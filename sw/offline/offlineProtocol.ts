import type { PROTOCOL_VERSION } from '../../shared/protocol.ts';

/** Message: replay the signed-in identity's queued writes now; answered with a `SyncResult`. */
export const SYNC = 'sync';
/** Message: how many writes the signed-in identity has queued; answered with a `PendingWritesResult`. */
export const PENDING_WRITES = 'pending-writes';
/** Event: the signed-in identity's outbox grew or shrank. */
export const OUTBOX_CHANGED = 'outbox-changed';

/** The answer to `sync`. */
export interface SyncResult {
  replayed: number;
  pendingWrites: number;
}

/** The answer to `pending-writes`. */
export interface PendingWritesResult {
  pendingWrites: number;
}

/** Broadcast whenever a write is queued or leaves the outbox. */
export interface OutboxChangedEvent {
  type: typeof OUTBOX_CHANGED;
  v: typeof PROTOCOL_VERSION;
  pendingWrites: number;
  [field: string]: unknown;
}

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
