import type { WorkerChannel } from '../../../shared/protocol.ts';
import {
  CLEAR_FAILED_WRITES,
  FAILED_WRITES,
  OUTBOX_CHANGED,
  PENDING_WRITES,
  SYNC,
  WRITE_FAILED,
  type FailedWritesResult,
  type OutboxChangedEvent,
  type PendingWritesResult,
  type SyncResult,
  type WriteFailedEvent,
} from '../offlineProtocol.ts';
import type { FailedWrite } from '../offlineProtocol.ts';

/**
 * The page's side of the offline plug-in, over a `SigningClient`: replay queued writes, count them,
 * read and clear the writes that failed, and follow the outbox as it changes.
 */
export class OutboxClient {
  readonly #channel: WorkerChannel;

  constructor(channel: WorkerChannel) {
    this.#channel = channel;
  }

  /** Replays the signed-in user's queued writes now (e.g. when the page comes back online). */
  sync(): Promise<SyncResult> {
    return this.#channel.request<SyncResult>(SYNC);
  }

  /** How many writes the signed-in user has waiting to sync. */
  async pendingWrites(): Promise<number> {
    return (await this.#channel.request<PendingWritesResult>(PENDING_WRITES)).pendingWrites;
  }

  /** How many writes waiting and how many failed (refused by the API, or given up on). */
  counts(): Promise<PendingWritesResult> {
    return this.#channel.request<PendingWritesResult>(PENDING_WRITES);
  }

  /** The signed-in user's writes that left the outbox without the API accepting them, oldest first. */
  async failedWrites(): Promise<FailedWrite[]> {
    return (await this.#channel.request<FailedWritesResult>(FAILED_WRITES)).failedWrites;
  }

  /** Forgets the signed-in user's failed writes (once the app has shown or handled them). */
  clearFailedWrites(): Promise<PendingWritesResult> {
    return this.#channel.request<PendingWritesResult>(CLEAR_FAILED_WRITES);
  }

  /** Calls `listener` whenever the outbox grows, shrinks or a write fails; returns a function that stops it. */
  onChange(listener: (pendingWrites: number, failedWrites: number) => void): () => void {
    return this.#channel.on(OUTBOX_CHANGED, (event) => {
      const { pendingWrites, failedWrites } = event as OutboxChangedEvent;
      listener(pendingWrites, failedWrites);
    });
  }

  /** Calls `listener` with each queued write the API refused (4xx) or that was given up on. */
  onWriteFailed(listener: (write: FailedWrite) => void): () => void {
    return this.#channel.on(WRITE_FAILED, (event) => listener((event as WriteFailedEvent).write));
  }
}
