export { OutboxClient } from './OutboxClient.ts';
export {
  OUTBOX_CHANGED,
  PENDING_WRITES,
  SYNC,
  type OutboxChangedEvent,
  type PendingWritesResult,
  type QueuedResponseBody,
  type SyncResult,
} from '../offlineProtocol.ts';
