import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import type {
  PluginMessage,
  SignedRouteContext,
  SigningLayer,
  SigningPlugin,
} from '../signing/index.ts';
import { networkFirstRead } from './networkFirstRead.ts';
import { Outbox } from './Outbox.ts';
import {
  OUTBOX_CHANGED,
  PENDING_WRITES,
  SYNC,
  type OutboxChangedEvent,
  type PendingWritesResult,
  type SyncResult,
} from './offlineProtocol.ts';
import { replayOutbox } from './replayOutbox.ts';
import { sendOrQueue } from './sendOrQueue.ts';

/** Background Sync tag under which the outbox asks to be replayed when connectivity returns. */
export const OUTBOX_SYNC_TAG = 'outbox';

/** Methods whose requests change data and so go through the outbox. */
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Background Sync is not in TypeScript's worker lib yet (Chromium only). */
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}
type SyncRegistration = ServiceWorkerRegistration & {
  sync?: { register(tag: string): Promise<void> };
};

/**
 * Offline support, a plug-in of the signing layer: network-first API reads with a per-identity
 * cache, and an IndexedDB outbox for writes made offline, replayed in order, once, signed at replay
 * time, on Background Sync, on a `sync` message (the page sends one when it comes back online) and
 * when the worker starts. Pass it to `installSigning(config, { plugins: [offline] })`.
 */
export class OfflineSupport implements SigningPlugin {
  readonly name = 'offline';
  readonly outbox: Outbox;
  /** `sync` replays now; `pending-writes` counts the signed-in identity's queued writes. */
  readonly messages: Readonly<Record<string, PluginMessage>> = {
    [SYNC]: { handle: () => this.replay() },
    [PENDING_WRITES]: {
      handle: async (): Promise<PendingWritesResult> => {
        const identityId = await this.#currentIdentity();
        return { pendingWrites: identityId ? await this.outbox.count(identityId) : 0 };
      },
    },
  };
  #layer: SigningLayer | undefined;
  #running: Promise<SyncResult> | undefined;
  #next: Promise<SyncResult> | undefined;

  readonly #cachesRead: (url: URL) => boolean;

  /**
   * `cachesRead` picks the GETs whose answers are kept for offline use (all by default): each copy
   * costs a Cache Storage write on the worker's thread, so keep it to the data the app shows offline.
   */
  constructor(options: { outbox?: Outbox; cachesRead?: (url: URL) => boolean } = {}) {
    this.outbox = options.outbox ?? new Outbox();
    this.#cachesRead = options.cachesRead ?? (() => true);
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

  /** Runs a replay pass, or, if one is running, one more right after it (never two at once). */
  replay(): Promise<SyncResult> {
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

  #pass(): Promise<SyncResult> {
    const layer = this.#requireLayer();
    return replayOutbox({
      outbox: this.outbox,
      apis: layer.config.apis,
      currentIdentity: () => this.#currentIdentity(),
      send: (request, api, identityId) => layer.signedFetch(request, api, { identityId }),
      onRemoved: (identityId) => this.#announce(identityId),
    });
  }

  /** Reads go network-first with the identity's cache behind; writes go out or into the outbox. */
  handleRequest(context: SignedRouteContext): Promise<Response> {
    const { request } = context;
    const send = (r: Request, identityId: string | undefined) =>
      context.signedFetch(r, { identityId });
    const currentIdentity = () => this.#currentIdentity();
    if (request.method === 'GET') {
      if (!this.#cachesRead(new URL(request.url))) return context.signedFetch(request);
      const waitUntil = (promise: Promise<unknown>) => context.event.waitUntil(promise);
      return networkFirstRead({ request, currentIdentity, send, waitUntil });
    }
    if (!WRITE_METHODS.has(request.method)) return context.signedFetch(request);
    return sendOrQueue({
      request,
      outbox: this.outbox,
      currentIdentity,
      send,
      replay: () => this.replay(),
      onQueued: async (entry, pendingWrites) => {
        await this.#broadcast(pendingWrites);
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

  async #announce(identityId: string): Promise<void> {
    await this.#broadcast(await this.outbox.count(identityId));
  }

  #broadcast(pendingWrites: number): Promise<void> {
    const event: OutboxChangedEvent = { type: OUTBOX_CHANGED, v: PROTOCOL_VERSION, pendingWrites };
    return this.#requireLayer().broadcast(event);
  }

  #requireLayer(): SigningLayer {
    if (!this.#layer) {
      throw new Error('Pass OfflineSupport to installSigning({ plugins }) before use');
    }
    return this.#layer;
  }
}
