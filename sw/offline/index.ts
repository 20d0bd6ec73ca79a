export { OfflineSupport, OUTBOX_SYNC_TAG } from './OfflineSupport.ts';
export {
  OUTBOX_CHANGED,
  PENDING_WRITES,
  SYNC,
  type OutboxChangedEvent,
  type PendingWritesResult,
  type QueuedResponseBody,
  type SyncResult,
} from './offlineProtocol.ts';
export { Outbox, OUTBOX_DB_NAME, type OutboxEntry, type NewOutboxEntry } from './Outbox.ts';
export { replayOutbox, toRequest, type ReplayContext } from './replayOutbox.ts';
export { sendOrQueue, type WriteContext } from './sendOrQueue.ts';
export { networkFirstRead, readCacheName, type ReadContext } from './networkFirstRead.ts';
export { queuedResponse } from './queuedResponse.ts';
export { isSigningUnavailable } from './isSigningUnavailable.ts';
export { installNavigationFallback } from './installNavigationFallback.ts';
