// The offline add-on's public API: the plug-in, the navigation fallback, and its message protocol.
export { OfflineSupport, OUTBOX_SYNC_TAG, type OfflineSupportOptions } from './OfflineSupport.ts';
export { installNavigationFallback } from './installNavigationFallback.ts';
export { MAX_ATTEMPTS } from './retryDelay.ts';
export {
  CLEAR_FAILED_WRITES,
  FAILED_WRITES,
  OUTBOX_CHANGED,
  PENDING_WRITES,
  SYNC,
  WRITE_FAILED,
  type FailedWrite,
  type FailedWritesResult,
  type OfflineErrorCode,
  type OutboxChangedEvent,
  type PendingWritesResult,
  type QueuedResponseBody,
  type SyncResult,
  type WriteFailedEvent,
} from './offlineProtocol.ts';
