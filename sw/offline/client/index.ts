export { OutboxClient } from './OutboxClient.ts';
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
} from '../offlineProtocol.ts';
export type { FailedWrite } from '../Outbox.ts';
