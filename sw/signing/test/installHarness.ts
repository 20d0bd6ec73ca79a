import './workerGlobals.ts';
import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { Router } from 'workbox-routing';
import type { WorkerReply } from '../../../shared/protocol.ts';
import { installLayer, type SigningOptions, type SigningSeams } from '../installSigning.ts';
import { SessionStore } from '../SessionStore.ts';
import { CONFIG, Clock, FakeIdentity } from './fixtures.ts';

export const ORIGIN = 'https://app.example.com';
let databases = 0;

/** A stand-in for the worker's global scope that records listeners and broadcasts. */
export function workerScope() {
  const listeners: { type: string; listener: (event: unknown) => void }[] = [];
  const posted: unknown[] = [];
  const scope = {
    location: { origin: ORIGIN, href: `${ORIGIN}/sw.js` },
    addEventListener: (type: string, listener: (event: unknown) => void) =>
      listeners.push({ type, listener }),
    clients: {
      matchAll: async () => [{ postMessage: (event: unknown) => posted.push(event) }],
      claim: async () => {},
    },
    caches: { keys: async () => [], delete: async () => true },
  };
  return { scope: scope as unknown as ServiceWorkerGlobalScope, listeners, posted };
}

/** Installs the layer on a fresh router, scope, fake Identity Pool and IndexedDB. */
export function install(options: SigningOptions & SigningSeams = {}) {
  const clock = new Clock();
  const { scope, listeners, posted } = workerScope();
  const router = new Router();
  const layer = installLayer(CONFIG, {
    router,
    scope,
    identity: new FakeIdentity(clock.now),
    store: new SessionStore(createStore(`install-${++databases}`, 'keyval')),
    now: clock.now,
    ...options,
  });
  /** Posts a message as a same-origin window would, and resolves with the worker's reply. */
  const post = async (data: unknown): Promise<WorkerReply> => {
    const replies: WorkerReply[] = [];
    let done: Promise<unknown> = Promise.resolve();
    const event = {
      data,
      source: { url: `${ORIGIN}/`, type: 'window' },
      ports: [{ postMessage: (reply: WorkerReply) => replies.push(reply) }],
      waitUntil: (promise: Promise<unknown>) => (done = promise),
    };
    for (const { type, listener } of listeners) if (type === 'message') listener(event);
    await done;
    return replies[0]!;
  };
  return { layer, router, listeners, posted, post, clock };
}
