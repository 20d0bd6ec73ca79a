import type { WorkerChannel } from '../../../shared/protocol.ts';
import {
  OUTBOX_CHANGED,
  PENDING_WRITES,
  SYNC,
  type OutboxChangedEvent,
  type PendingWritesResult,
  type SyncResult,
} from '../offlineProtocol.ts';

/**
 * The page's side of the offline plug-in, over a `SigningClient`: replay queued writes, count them,
 * and follow the outbox as it changes.
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

  /** Calls `listener` whenever the outbox grows or shrinks; returns a function that stops it. */
  onChange(listener: (pendingWrites: number) => void): () => void {
    return this.#channel.on(OUTBOX_CHANGED, (event) => {
      listener((event as OutboxChangedEvent).pendingWrites);
    });
  }
}
