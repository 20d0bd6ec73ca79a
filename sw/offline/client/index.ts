export { OutboxClient } from './OutboxClient.ts';
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
} from '../offlineProtocol.ts';
