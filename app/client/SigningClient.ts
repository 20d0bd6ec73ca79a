import { messageSW, Workbox } from 'workbox-window';
import {
  PROTOCOL_VERSION,
  type ExtensionEvent,
  type ExtensionRequest,
  type WorkerChannel,
  type WorkerEvent,
  type WorkerReply,
  type WorkerRequest,
  type WorkerResults,
} from '../../shared/protocol.ts';
import { WorkerError } from './WorkerError.ts';

/** Options of `SigningClient`. */
export interface SigningClientOptions {
  /** The worker script; `/sw.js` by default. */
  scriptUrl?: string;
  /** The registration's scope; the script's folder by default (the browser's rule). */
  scope?: string;
  /** `module` for a worker served as an ES module (e.g. by a dev server); `classic` by default. */
  type?: WorkerType;
  /**
   * Returns a fresh ID token for the signed-in user (e.g. from amazon-cognito-identity-js
   * `getSession`, which uses the refresh token). Resolve undefined, or throw an error whose `code`
   * is `not-signed-in`, when there is no session: the worker then ends its session at once. Called
   * when the worker broadcasts `token-needed`, in one tab (elected) unless that tab is silent.
   */
  refreshIdToken?: () => Promise<string | undefined>;
}

/** Web Lock held by the tab that answers `token-needed`, so one expiry costs one token refresh. */
const ANSWERER_LOCK = 'sigv4-service-worker:token-answerer';

type EventType = WorkerEvent['type'];
type Listener<T extends EventType> = (event: Extract<WorkerEvent, { type: T }>) => void;
type AnyEvent = WorkerEvent | ExtensionEvent;

/**
 * The page's side of the signing worker: registers it, resolves `ready` once it controls the page
 * (so no API call goes out unsigned), hands it tokens and relays its events, plug-ins' included.
 */
export class SigningClient implements WorkerChannel {
  /** Resolves once the worker controls this page. */
  readonly ready: Promise<void>;
  readonly #workbox: Workbox;
  readonly #listeners = new Map<string, Set<(event: AnyEvent) => void>>();
  readonly #refreshIdToken: SigningClientOptions['refreshIdToken'];
  /** Whether this tab answers every `token-needed`, or only fall-over ones. */
  #elected = false;

  constructor(options: SigningClientOptions = {}) {
    if (!('serviceWorker' in navigator)) {
      throw new Error(
        'Service workers are unavailable: use a secure context (https or localhost).',
      );
    }
    this.#refreshIdToken = options.refreshIdToken;
    this.#workbox = new Workbox(options.scriptUrl ?? '/sw.js', {
      ...(options.scope !== undefined && { scope: options.scope }),
      ...(options.type !== undefined && { type: options.type }),
    });
    // Events come from the worker whichever registration sent them; listen on the container.
    navigator.serviceWorker.addEventListener('message', (event) => this.#onMessage(event));
    if (this.#refreshIdToken) this.#standForElection();
    this.ready = this.#start();
  }

  /** Hands the worker a user's ID token; it answers with the identity id and credential expiry. */
  signIn(idToken: string): Promise<WorkerResults['sign-in']> {
    return this.#send({ type: 'sign-in', v: PROTOCOL_VERSION, idToken });
  }

  /** Signs every tab out and clears the session, its credentials and its cached responses. */
  signOut(): Promise<WorkerResults['sign-out']> {
    return this.#send({ type: 'sign-out', v: PROTOCOL_VERSION });
  }

  /** Who is signed in, credential expiry and clock offset; never a secret. */
  status(): Promise<WorkerResults['status']> {
    return this.#send({ type: 'status', v: PROTOCOL_VERSION });
  }

  /** Sends a message of a type a plug-in added to the worker (e.g. the offline plug-in's `sync`). */
  request<T>(type: string, fields: Record<string, unknown> = {}): Promise<T> {
    const message: ExtensionRequest = { ...fields, type, v: PROTOCOL_VERSION };
    return this.#sendMessage(message) as Promise<T>;
  }

  /** Listens to a worker event, a plug-in's included; returns a function that stops listening. */
  on<T extends EventType>(type: T, listener: Listener<T>): () => void;
  on(type: string, listener: (event: ExtensionEvent) => void): () => void;
  on(type: string, listener: (event: never) => void): () => void {
    const set = this.#listeners.get(type) ?? new Set();
    this.#listeners.set(type, set);
    const wrapped = listener as (event: AnyEvent) => void;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  async #start(): Promise<void> {
    const container = navigator.serviceWorker;
    const controlled = new Promise<void>((resolve) => {
      if (container.controller) resolve();
      else container.addEventListener('controllerchange', () => resolve(), { once: true });
    });
    await this.#workbox.register();
    const registration = await container.ready;
    if (!container.controller && registration.active) {
      // Loaded uncontrolled (first visit before claim, or a hard reload): ask the worker to claim us.
      await this.#post(registration.active, { type: 'claim', v: PROTOCOL_VERSION });
    }
    await controlled;
  }

  async #send<T extends keyof WorkerResults>(
    request: Extract<WorkerRequest, { type: T }>,
  ): Promise<WorkerResults[T]> {
    return this.#sendMessage(request) as Promise<WorkerResults[T]>;
  }

  async #sendMessage(message: WorkerRequest | ExtensionRequest): Promise<unknown> {
    await this.ready;
    const worker = navigator.serviceWorker.controller;
    if (!worker) throw new Error('The signing worker does not control this page.');
    return this.#post(worker, message);
  }

  async #post(worker: ServiceWorker, request: WorkerRequest | ExtensionRequest): Promise<unknown> {
    const reply = (await messageSW(worker, request)) as WorkerReply;
    if (!reply.ok) throw new WorkerError(reply.error);
    return reply.result;
  }

  /**
   * Queues for the answerer lock and holds it for the page's lifetime: the browser hands it to the
   * next tab in line when this one closes. Without Web Locks every tab answers, as before.
   */
  #standForElection(): void {
    if (!('locks' in navigator)) {
      this.#elected = true;
      return;
    }
    void navigator.locks.request(ANSWERER_LOCK, () => {
      this.#elected = true;
      return new Promise<never>(() => {});
    });
  }

  #onMessage(event: MessageEvent): void {
    const data = event.data as AnyEvent | undefined;
    if (!data || typeof data !== 'object' || typeof data.type !== 'string') return;
    if (data.v !== PROTOCOL_VERSION) return;
    if (data.type === 'token-needed' && (this.#elected || data.fallOver === true)) {
      const asker = event.source instanceof ServiceWorker ? event.source : undefined;
      void this.#answerTokenNeeded(asker);
    }
    for (const listener of this.#listeners.get(data.type) ?? []) listener(data);
  }

  async #answerTokenNeeded(asker: ServiceWorker | undefined): Promise<void> {
    const refresh = this.#refreshIdToken;
    if (!refresh) return;
    let answer: WorkerRequest;
    try {
      const idToken = await refresh();
      answer = idToken
        ? { type: 'token', v: PROTOCOL_VERSION, idToken }
        : { type: 'no-token', v: PROTOCOL_VERSION };
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== 'not-signed-in') {
        // Offline or throttled: the session may still be good; the worker's bounded wait decides.
        console.warn('[signing] could not refresh the ID token:', error);
        return;
      }
      answer = { type: 'no-token', v: PROTOCOL_VERSION };
    }
    // The worker that asked is waiting; during an update the new controller will need the token too.
    const controller = navigator.serviceWorker.controller;
    const workers = new Set([asker ?? controller, controller]);
    await Promise.all(
      [...workers].map(async (worker) => {
        try {
          if (worker) await this.#post(worker, answer);
        } catch (error) {
          console.warn('[signing] the worker refused the answer to token-needed:', error);
        }
      }),
    );
  }
}
