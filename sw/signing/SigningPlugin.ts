import type { Route, Router } from 'workbox-routing';
import type { SignedApi, SigningConfig } from '../../shared/config.ts';
import type {
  ExtensionEvent,
  ExtensionRequest,
  MessageFields,
  WorkerEvent,
} from '../../shared/protocol.ts';
import type { ApiRequest } from './ApiRequest.ts';
import type { CredentialManager } from './CredentialManager.ts';
import type { Session } from './SessionStore.ts';

// The plug-in extension point's types, in one file: the layer a plug-in gets and what it gives.

/** Per-request options of `signedFetch`. */
export interface SignedFetchOptions {
  /** Sign only with this identity's credentials; another session gets a 401 `user-mismatch`. */
  identityId?: string;
}

/** What a plug-in's request handler gets: the request, read once, and the signing fetch for it. */
export interface SignedRouteContext {
  /** The app's request with its API, method, wire URL, headers and body already read. */
  request: ApiRequest;
  event: ExtendableEvent;
  /** Signs and sends `request` with the recoveries of `fetchSigned`; it may be called again. */
  signedFetch(options?: SignedFetchOptions): Promise<Response>;
}

/** A message type a plug-in answers; the core checks sender and fields before `handle` runs. */
export interface PluginMessage {
  /** The fields besides `type` and `v`, with their types; anything else is a `bad-message`. */
  fields?: MessageFields;
  /** Answers the message; a thrown `SigningError` reaches the page with its code. */
  handle(request: ExtensionRequest): Promise<unknown>;
}

/**
 * An add-on to the signing layer (e.g. `sigv4-service-worker/offline`): its own messages and events
 * on the page ⇄ worker channel, a wrapper around how API requests are answered, and cleanup when a
 * session ends. The core's protocol knows nothing of it.
 */
export interface SigningPlugin {
  /** Names the plug-in in errors and in the handle `installSigning` returns. */
  readonly name: string;
  /** Message types the plug-in adds, by `type`; they may not reuse a core or another plug-in's type. */
  readonly messages?: Readonly<Record<string, PluginMessage>>;
  /** Answers requests to the configured APIs instead of a plain signed fetch (one plug-in at most). */
  handleRequest?(context: SignedRouteContext): Promise<Response>;
  /** Extra cleanup when a user's session ends, after the layer deleted its caches. */
  onSessionEnd?(session: Session): Promise<void>;
  /** Runs once the layer is installed, e.g. to keep it for later or to add listeners. */
  install?(layer: SigningLayer): void;
}

/** What `installSigning` installed, and the parts a plug-in or the worker's own code may use. */
export interface SigningLayer {
  /** The configuration, validated and with its defaults. */
  readonly config: SigningConfig;
  /** The worker's global scope the layer listens on (`self`). */
  readonly scope: ServiceWorkerGlobalScope;
  /** The Workbox router the routes are registered on. */
  readonly router: Router;
  /** The signing routes, one per HTTP method, all matching the configured APIs. */
  readonly routes: readonly Route[];
  /** Every message type the worker answers: the core's, then the plug-ins'. */
  readonly messageTypes: readonly string[];
  /** Names of the installed plug-ins, in order. */
  readonly plugins: readonly string[];
  readonly credentials: CredentialManager;
  /** Signs and sends a request to `api`, with the recoveries of `fetchSigned`. */
  signedFetch(request: Request, api: SignedApi, options?: SignedFetchOptions): Promise<Response>;
  /** Posts an event to every window client of the worker's origin. */
  broadcast(event: WorkerEvent | ExtensionEvent): Promise<void>;
}
