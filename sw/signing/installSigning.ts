import { registerRoute } from 'workbox-routing';
import type { HTTPMethod } from 'workbox-routing/utils/constants.js';
import { findApi, type SignedApi, type SigningConfig } from '../../shared/config.ts';
import { SigningError } from '../../shared/errors.ts';
import {
  PROTOCOL_VERSION,
  type StatusResult,
  type SyncResult,
  type WorkerEvent,
  type WorkerRequest,
} from '../../shared/protocol.ts';
import { apiMethod } from './apiMethod.ts';
import { CredentialManager, type CredentialManagerOptions } from './CredentialManager.ts';
import { fetchSigned } from './fetchSigned.ts';
import { handleMessage } from './handleMessage.ts';
import type { Session } from './SessionStore.ts';

declare const self: ServiceWorkerGlobalScope;

/** Every method workbox-routing routes; each gets the signing route. */
const METHODS: HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Caches whose names start with this hold authenticated responses; sign-out deletes them all. */
export const AUTH_CACHE_PREFIX = 'sigv4-auth-';

/** What a request handler gets: the request, its API, and the signing fetch. */
export interface SignedRouteContext {
  request: Request;
  event: ExtendableEvent;
  api: SignedApi;
  /** Signs and sends a request, with the recoveries of `fetchSigned`. */
  signedFetch(request: Request, options?: SignedFetchOptions): Promise<Response>;
}

/** Per-request options of `signedFetch`. */
export interface SignedFetchOptions {
  /** Sign only with this identity's credentials; another session gets a 401 `user-mismatch`. */
  identityId?: string;
}

/** Options of `installSigning`; all optional. */
export interface SigningOptions extends Omit<CredentialManagerOptions, 'clearUserData'> {
  /** Answers requests to the APIs (e.g. with an offline fallback); defaults to `signedFetch`. */
  handler?: (context: SignedRouteContext) => Promise<Response>;
  /** Extra cleanup when a user's session ends, after the auth caches are deleted. */
  onSessionEnd?: (session: Session) => Promise<void>;
  /** Writes waiting to sync for an identity, reported by `status`. */
  pendingWrites?: (identityId: string) => Promise<number>;
  /** Runs on a `sync` message. */
  sync?: () => Promise<SyncResult>;
}

/** The installed signing layer, for a worker that wants to extend it. */
export interface SigningLayer {
  config: SigningConfig;
  credentials: CredentialManager;
  signedFetch(request: Request, api: SignedApi, options?: SignedFetchOptions): Promise<Response>;
  broadcast(event: WorkerEvent): Promise<void>;
}

/**
 * Installs transparent SigV4 signing in a Workbox service worker: a route for every method under
 * each configured API URL, and the page ⇄ worker message protocol.
 */
export function installSigning(config: SigningConfig, options: SigningOptions = {}): SigningLayer {
  if (config.apis.length === 0) throw new TypeError('installSigning needs at least one API URL');
  const broadcast = async (event: WorkerEvent) => {
    const clients = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    for (const client of clients) client.postMessage(event);
  };
  const credentials = new CredentialManager(config, {
    requestToken: (fallOver) =>
      void broadcast({ type: 'token-needed', v: PROTOCOL_VERSION, fallOver }),
    ...options,
    clearUserData: async (session) => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((n) => n.startsWith(AUTH_CACHE_PREFIX)).map((n) => caches.delete(n)),
      );
      await options.onSessionEnd?.(session);
    },
  });
  const keyCache = new Map<string, ArrayBuffer>();
  const signedFetch = (request: Request, api: SignedApi, fetchOptions: SignedFetchOptions = {}) =>
    fetchSigned(request, api, { credentials, keyCache, identityId: fetchOptions.identityId });

  const handler =
    options.handler ?? (({ request, api }: SignedRouteContext) => signedFetch(request, api));
  const answer = (request: Request, event: ExtendableEvent, api: SignedApi) =>
    handler({
      request,
      event,
      api,
      signedFetch: (r, fetchOptions) => signedFetch(r, api, fetchOptions),
    });
  // Navigations stay untouched: a page load cannot be re-issued as CORS.
  const apiOf = (request: Request, url: URL) =>
    request.mode === 'navigate' ? undefined : findApi(config.apis, url);
  for (const method of METHODS) {
    registerRoute(
      ({ url, request }) => apiOf(request, url) ?? false,
      ({ request, event, params }) => answer(request, event, params as unknown as SignedApi),
      method,
    );
  }
  // workbox-routing keys routes by the exact method, and fetch upper-cases only six of them, so
  // `patch`, OPTIONS and custom verbs would skip every route and leave unsigned. They come here:
  // a PATCH in any case is answered as PATCH, anything else is signed or refused by fetchSigned.
  self.addEventListener('fetch', (event) => {
    const { request } = event;
    if ((METHODS as string[]).includes(request.method)) return;
    const api = apiOf(request, new URL(request.url));
    if (!api) return;
    // Inside the promise, so that nothing can throw before respondWith and let the request go out.
    const answered = Promise.resolve().then(() => {
      const method = apiMethod(request.method);
      const normal =
        method && method !== request.method
          ? new Request(request, { method, duplex: 'half' } as RequestInit)
          : request;
      return answer(normal, event, api);
    });
    event.respondWith(answered);
  });

  const pendingWrites = async (identityId: string | undefined) =>
    identityId && options.pendingWrites ? options.pendingWrites(identityId) : 0;

  const handle = async (request: WorkerRequest): Promise<unknown> => {
    switch (request.type) {
      case 'sign-in': {
        const before = await credentials.status();
        let result;
        try {
          result = await credentials.signIn(request.idToken);
        } catch (error) {
          // Another user's sign-in ends the previous session before Cognito answers: say so everywhere.
          if (before.signedIn && !(await credentials.status()).signedIn) {
            await broadcast({ type: 'signed-out', v: PROTOCOL_VERSION });
          }
          throw error;
        }
        const { username } = await credentials.status();
        await broadcast({
          type: 'signed-in',
          v: PROTOCOL_VERSION,
          identityId: result.identityId,
          username,
        });
        return result;
      }
      case 'token':
        return credentials.acceptToken(request.idToken);
      case 'no-token': {
        const signedOut = await credentials.endExpiredSession();
        if (signedOut) await broadcast({ type: 'signed-out', v: PROTOCOL_VERSION });
        return { signedOut };
      }
      case 'sign-out': {
        const { identityId } = await credentials.status();
        const left = await pendingWrites(identityId);
        await credentials.signOut();
        await broadcast({ type: 'signed-out', v: PROTOCOL_VERSION });
        return { pendingWrites: left };
      }
      case 'status': {
        const status = await credentials.status();
        return {
          ...status,
          pendingWrites: await pendingWrites(status.identityId),
        } satisfies StatusResult;
      }
      case 'sync':
        if (!options.sync)
          throw new SigningError('bad-message', 'This worker has no offline queue to sync.');
        return options.sync();
      case 'claim':
        await self.clients.claim();
        return {};
    }
  };
  self.addEventListener('message', (event) => {
    event.waitUntil(handleMessage(event, self.location.origin, handle));
  });

  return { config, credentials, signedFetch, broadcast };
}
