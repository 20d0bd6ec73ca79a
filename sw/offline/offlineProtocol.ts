import type { PROTOCOL_VERSION } from '../../shared/protocol.ts';

/** Message: replay the signed-in identity's queued writes now; answered with a `SyncResult`. */
export const SYNC = 'sync';
/** Message: how many writes the signed-in identity has queued; answered with a `PendingWritesResult`. */
export const PENDING_WRITES = 'pending-writes';
/** Message: the signed-in identity's failed writes; answered with a `FailedWritesResult`. */
export const FAILED_WRITES = 'failed-writes';
/** Message: forget the signed-in identity's failed writes; answered with a `PendingWritesResult`. */
export const CLEAR_FAILED_WRITES = 'clear-failed-writes';
/** Event: the signed-in identity's outbox grew or shrank, or a write failed. */
export const OUTBOX_CHANGED = 'outbox-changed';
/** Event: a queued write left the outbox without the API accepting it. */
export const WRITE_FAILED = 'write-failed';

/**
 * Error codes of the offline plug-in, in the body (`{ code, message }`) of the responses it makes
 * itself: `outbox-full` (507) when the browser's storage quota refused a write to the outbox, and
 * `outbox-unavailable` (500) when IndexedDB failed otherwise. Either way the write was not queued.
 */
export type OfflineErrorCode = 'outbox-full' | 'outbox-unavailable';

/** The answer to `sync`. */
export interface SyncResult {
  replayed: number;
  pendingWrites: number;
  /** Writes this pass moved to the failed list. */
  failed: number;
  /** When the first waiting write may be tried again after a failure (epoch ms), if it failed. */
  retryAt?: number;
}

/** The answer to `pending-writes` and `clear-failed-writes`. */
export interface PendingWritesResult {
  pendingWrites: number;
  /** Writes the API refused or that kept failing, until the page clears them. */
  failedWrites: number;
}

/** The answer to `failed-writes`, oldest first. */
export interface FailedWritesResult {
  failedWrites: FailedWrite[];
}

/** Broadcast whenever a write is queued, leaves the outbox or fails. */
export interface OutboxChangedEvent {
  type: typeof OUTBOX_CHANGED;
  v: typeof PROTOCOL_VERSION;
  pendingWrites: number;
  failedWrites: number;
  [field: string]: unknown;
}

/** Broadcast when a queued write is refused (4xx) or given up on after its retries. */
export interface WriteFailedEvent {
  type: typeof WRITE_FAILED;
  v: typeof PROTOCOL_VERSION;
  write: FailedWrite;
  failedWrites: number;
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

/** A write that left the outbox without the API accepting it, kept for the page to read. */
export interface FailedWrite {
  /** The outbox entry's id, as the 202 named it. */
  id: string;
  identityId: string;
  method: string;
  url: string;
  /** `refused`: the API answered 4xx; `gave-up`: it kept failing and retries ran out. */
  reason: 'refused' | 'gave-up';
  /** The API's last status; 0 when the last attempt ended in a network error. */
  status: number;
  attempts: number;
  queuedAt: number;
  /** Epoch milliseconds. */
  failedAt: number;
}
