import type { Route, Router } from 'workbox-routing';
import type { SignedApi, SigningConfig } from '../../shared/config.ts';
import type { ExtensionEvent, WorkerEvent } from '../../shared/protocol.ts';
import type { CredentialManager } from './CredentialManager.ts';
import type { SignedFetchOptions } from './SigningPlugin.ts';

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
