export { OfflineSupport, OUTBOX_SYNC_TAG } from './OfflineSupport.ts';
export {
  CLEAR_FAILED_WRITES,
  FAILED_WRITES,
  OUTBOX_CHANGED,
  PENDING_WRITES,
  SYNC,
  WRITE_FAILED,
  type FailedWritesResult,
  type OfflineErrorCode,
  type OutboxChangedEvent,
  type PendingWritesResult,
  type QueuedResponseBody,
  type SyncResult,
  type WriteFailedEvent,
} from './offlineProtocol.ts';
export {
  Outbox,
  OUTBOX_DB_NAME,
  type FailedWrite,
  type OutboxEntry,
  type NewOutboxEntry,
} from './Outbox.ts';
export { MAX_ATTEMPTS, retryDelay } from './retryDelay.ts';
export { replayOutbox, toRequest, type ReplayContext } from './replayOutbox.ts';
export { sendOrQueue, type WriteContext } from './sendOrQueue.ts';
export { networkFirstRead, readCacheName, type ReadContext } from './networkFirstRead.ts';
export { queuedResponse } from './queuedResponse.ts';
export { isSigningUnavailable } from './isSigningUnavailable.ts';
export { installNavigationFallback } from './installNavigationFallback.ts';
