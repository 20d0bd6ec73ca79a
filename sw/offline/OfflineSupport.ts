import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import type {
  PluginMessage,
  SignedRouteContext,
  SigningLayer,
  SigningPlugin,
} from '../signing/SigningPlugin.ts';
import { networkFirstRead } from './networkFirstRead.ts';
import { Outbox } from './Outbox.ts';
import type { FailedWrite } from './offlineProtocol.ts';
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
} from './offlineProtocol.ts';
import { replayOutbox } from './replayOutbox.ts';
import { sendOrQueue } from './sendOrQueue.ts';
import { SerialQueue } from './SerialQueue.ts';
import { graphqlReadKey } from './graphqlReadKey.ts';
import { isQueuedWrite } from './isQueuedWrite.ts';

/** Background Sync tag under which the outbox asks to be replayed when connectivity returns. */
export const OUTBOX_SYNC_TAG = 'outbox';

/** Background Sync is not in TypeScript's worker lib yet (Chromium only). */
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}
type SyncRegistration = ServiceWorkerRegistration & {
  sync?: { register(tag: string): Promise<void> };
};

/** Options of `OfflineSupport`. */
export interface OfflineSupportOptions {
  /**
   * Picks the reads whose answers are kept for offline use (all by default): GETs, and GraphQL
   * queries to an AppSync API (by its endpoint URL). Each copy costs a Cache Storage write on the
   * worker's thread, so keep it to the data the app shows offline.
   */
  cachesRead?: (url: URL) => boolean;
}

/** Stand-ins for the outbox, the clock and `navigator.onLine` (tests). */
export interface OfflineSeams {
  outbox?: Outbox;
  now?: () => number;
  online?: () => boolean;
  /** Draws the retry pauses' jitter, in [0, 1). */
  random?: () => number;
}

/**
 * Offline support, a plug-in of the signing layer: network-first API reads with a per-identity
 * cache, and an IndexedDB outbox for writes made offline, replayed in order, once, signed at replay
 * time, on Background Sync, on a `sync` message (the page sends one when it comes back online) and
 * when the worker starts. Pass it to `installSigning(config, { plugins: [offline] })`.
 */
export class OfflineSupport implements SigningPlugin {
  readonly name = 'offline';
  readonly outbox: Outbox;
  /**
   * `sync` replays now; `pending-writes` counts the signed-in identity's queued and failed writes;
   * `failed-writes` lists the failed ones and `clear-failed-writes` forgets them.
   */
  readonly messages: Readonly<Record<string, PluginMessage>> = {
    [SYNC]: { handle: () => this.replay({ ignorePause: true }) },
    [PENDING_WRITES]: { handle: () => this.#counts() },
    [FAILED_WRITES]: {
      handle: async (): Promise<FailedWritesResult> => {
        const identityId = await this.#currentIdentity();
        return { failedWrites: identityId ? await this.outbox.failed(identityId) : [] };
      },
    },
    [CLEAR_FAILED_WRITES]: {
      handle: async (): Promise<PendingWritesResult> => {
        const identityId = await this.#currentIdentity();
        if (!identityId) return { pendingWrites: 0, failedWrites: 0 };
        await this.outbox.clearFailed(identityId);
        const counts = await this.#counts(identityId);
        await this.#broadcastCounts(counts);
        return counts;
      },
    },
  };
  #layer: SigningLayer | undefined;
  #running: Promise<SyncResult> | undefined;
  #next: Promise<SyncResult> | undefined;
  /** An identity's writes and replay passes, one at a time, in order. */
  readonly #writes = new SerialQueue();
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set by the page's `sync` until the next pass takes it: that pass ignores backoff pauses. */
  #pauseLifted = false;

  readonly #cachesRead: (url: URL) => boolean;
  readonly #now: () => number;
  readonly #online: () => boolean;
  readonly #random: () => number;

  /** `seams` stand in for the outbox, `Date.now` and `navigator.onLine` in tests. */
  constructor(options: OfflineSupportOptions = {}, seams: OfflineSeams = {}) {
    this.outbox = seams.outbox ?? new Outbox();
    this.#cachesRead = options.cachesRead ?? (() => true);
    this.#now = seams.now ?? Date.now;
    this.#online = seams.online ?? (() => globalThis.navigator?.onLine ?? true);
    this.#random = seams.random ?? Math.random;
  }

  /**
   * Connects the installed layer, listens for Background Sync and replays what the last run left.
   * Outbox entries outlive the session on purpose: they wait for that user's next sign-in.
   */
  install(layer: SigningLayer): void {
    this.#layer = layer;
    layer.scope.addEventListener('sync', (event) => {
      const sync = event as SyncEvent;
      if (sync.tag !== OUTBOX_SYNC_TAG) return;
      sync.waitUntil(
        this.replay().then(({ pendingWrites }) => {
          // Rejecting asks the browser to fire the sync again later.
          if (pendingWrites > 0) throw new Error(`${pendingWrites} writes still queued`);
        }),
      );
    });
    this.replay().catch((error: unknown) => console.warn('[offline] replay failed:', error));
  }

  /**
   * Runs a replay pass, or, if one is running, one more right after it (never two at once).
   * `ignorePause` (the page's `sync`: it came back online) tries a held entry without waiting.
   */
  replay(options: { ignorePause?: boolean } = {}): Promise<SyncResult> {
    if (options.ignorePause) this.#pauseLifted = true;
    if (!this.#running) {
      this.#running = this.#pass().finally(() => {
        this.#running = undefined;
      });
      return this.#running;
    }
    this.#next ??= this.#running
      .catch(() => undefined)
      .then(() => {
        this.#next = undefined;
        return this.replay();
      });
    return this.#next;
  }

  /** A pass after the identity's writes in flight, so a replayed entry never overtakes one. */
  async #pass(): Promise<SyncResult> {
    const identityId = await this.#currentIdentity();
    if (identityId === undefined) return { replayed: 0, pendingWrites: 0, failed: 0 };
    return this.#writes.run(identityId, () => this.#passNow());
  }

  /** A pass right now; only inside the identity's turn of `#writes`. */
  async #passNow(): Promise<SyncResult> {
    const layer = this.#requireLayer();
    const ignorePause = this.#pauseLifted;
    this.#pauseLifted = false;
    const result = await replayOutbox({
      outbox: this.outbox,
      apis: layer.config.apis,
      currentIdentity: () => this.#currentIdentity(),
      send: (request, api, identityId) => layer.signedFetch(request, api, { identityId }),
      onRemoved: (identityId) => this.#announce(identityId),
      onFailed: (write) => this.#announceFailure(write),
      online: this.#online,
      ignorePause,
      now: this.#now,
      random: this.#random,
    });
    if (result.retryAt !== undefined) this.#retryAt(result.retryAt);
    return result;
  }

  /**
   * Tries the head entry again once its backoff pause ends. If the worker is stopped first, the
   * next Background Sync, page `sync`, write or worker start tries it instead.
   */
  #retryAt(time: number): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(
      () => {
        this.#retryTimer = undefined;
        this.replay().catch((error: unknown) => console.warn('[offline] retry failed:', error));
      },
      Math.max(time - this.#now(), 0),
    );
  }

  /**
   * Reads (GETs, and GraphQL queries) go network-first with the identity's cache behind; writes go
   * out or into the outbox.
   */
  async handleRequest({ request, event, signedFetch }: SignedRouteContext): Promise<Response> {
    const send = (identityId: string | undefined) => signedFetch({ identityId });
    const currentIdentity = () => this.#currentIdentity();
    const readKey = request.method === 'GET' ? request.original : await graphqlReadKey(request);
    if (readKey) {
      if (!this.#cachesRead(new URL(request.original.url))) return signedFetch();
      const waitUntil = (promise: Promise<unknown>) => event.waitUntil(promise);
      const online = this.#online;
      return networkFirstRead({
        request: readKey,
        currentIdentity,
        send,
        online,
        waitUntil,
      });
    }
    if (!isQueuedWrite(request)) return signedFetch();
    return sendOrQueue({
      request,
      outbox: this.outbox,
      currentIdentity,
      send,
      // Inside the write's turn: a replay() here would wait for the write itself.
      replay: () => this.#passNow(),
      serialise: (identityId, task) => this.#writes.run(identityId, task),
      online: this.#online,
      now: this.#now,
      random: this.#random,
      onQueued: async (entry) => {
        if (entry.retryAt !== undefined) this.#retryAt(entry.retryAt);
        await this.#announce(entry.identityId);
        // Background Sync fires when connectivity returns, even with every tab closed (Chromium).
        await (this.#requireLayer().scope.registration as SyncRegistration).sync
          ?.register(OUTBOX_SYNC_TAG)
          .catch((error: unknown) =>
            console.warn('[offline] no Background Sync:', error, entry.id),
          );
      },
    });
  }

  async #currentIdentity(): Promise<string | undefined> {
    const status = await this.#requireLayer().credentials.status();
    return status.identityId;
  }

  /** The identity's (the signed-in one's by default) queued and failed writes. */
  async #counts(identityId?: string): Promise<PendingWritesResult> {
    const id = identityId ?? (await this.#currentIdentity());
    if (id === undefined) return { pendingWrites: 0, failedWrites: 0 };
    const [pendingWrites, failedWrites] = await Promise.all([
      this.outbox.count(id),
      this.outbox.countFailed(id),
    ]);
    return { pendingWrites, failedWrites };
  }

  async #announce(identityId: string): Promise<void> {
    await this.#broadcastCounts(await this.#counts(identityId));
  }

  /** Tells every page which write failed and why, then the new counts. */
  async #announceFailure(write: FailedWrite): Promise<void> {
    const counts = await this.#counts(write.identityId);
    const event: WriteFailedEvent = {
      type: WRITE_FAILED,
      v: PROTOCOL_VERSION,
      write,
      failedWrites: counts.failedWrites,
    };
    await this.#requireLayer().broadcast(event);
    await this.#broadcastCounts(counts);
  }

  #broadcastCounts(counts: PendingWritesResult): Promise<void> {
    const event: OutboxChangedEvent = { type: OUTBOX_CHANGED, v: PROTOCOL_VERSION, ...counts };
    return this.#requireLayer().broadcast(event);
  }

  #requireLayer(): SigningLayer {
    if (!this.#layer) {
      throw new Error('Pass OfflineSupport to installSigning({ plugins }) before use');
    }
    return this.#layer;
  }
}
