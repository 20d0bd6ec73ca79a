import { Route, type Router } from 'workbox-routing';
import type { HTTPMethod } from 'workbox-routing/utils/constants.js';
import { getOrCreateDefaultRouter } from 'workbox-routing/utils/getOrCreateDefaultRouter.js';
import {
  findApi,
  resolveConfig,
  type SignedApi,
  type SigningConfigInput,
} from '../../shared/config.ts';
import {
  isCoreMessage,
  PROTOCOL_VERSION,
  type ExtensionEvent,
  type ExtensionRequest,
  type MessageFields,
  type WorkerEvent,
  type WorkerRequest,
} from '../../shared/protocol.ts';
import { apiMethod } from './apiMethod.ts';
import { CachedReads } from './CachedReads.ts';
import { CredentialManager, type CredentialManagerOptions } from './CredentialManager.ts';
import { fetchSigned } from './fetchSigned.ts';
import { handleMessage } from './handleMessage.ts';
import { installStaticRouting } from './installStaticRouting.ts';
import { DB_NAME, SessionStore } from './SessionStore.ts';
import { staticRoutes, type StaticRoutingOptions } from './staticRoutes.ts';
import type {
  PluginMessage,
  SignedFetchOptions,
  SignedRouteContext,
  SigningLayer,
  SigningPlugin,
} from './SigningPlugin.ts';

declare const self: ServiceWorkerGlobalScope;

/** The BroadcastChannel of the session's changes, named after the session's database. */
const SESSION_CHANNEL = `${DB_NAME}-session`;
/** Every method workbox-routing routes; each gets the signing route. */
const METHODS: HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Caches whose names start with this hold authenticated responses; sign-out deletes them all. */
export const AUTH_CACHE_PREFIX = 'sigv4-auth-';
/** The core's message types, listed first in the handle. */
const CORE_TYPES: WorkerRequest['type'][] = [
  'sign-in',
  'token',
  'no-token',
  'sign-out',
  'status',
  'claim',
];

/** Options of `installSigning`; all optional. */
export interface SigningOptions extends Omit<
  CredentialManagerOptions,
  'clearUserData' | 'announce'
> {
  /** The Workbox router to register the routes on; the default router (`registerRoute`'s) if absent. */
  router?: Router;
  /** Add-ons, e.g. `new OfflineSupport()` from `sigv4-service-worker/offline`. */
  plugins?: readonly SigningPlugin[];
  /** The worker's global scope; `self` unless a test passes a stand-in. */
  scope?: ServiceWorkerGlobalScope;
  /**
   * Lets requests that are not the worker's business bypass it (Static Routing API, Chromium 123+):
   * only the APIs, navigations and `keep` reach the fetch handler. Off when absent, since the
   * worker's other routes (a precache, the app's own) must be listed in `keep` to stay reachable.
   */
  staticRouting?: StaticRoutingOptions;
}

/**
 * Installs transparent SigV4 signing in a Workbox service worker: a route for every method under
 * each configured API URL on the router, and a message listener for the page ⇄ worker protocol.
 */
export function installSigning(
  configInput: SigningConfigInput,
  options: SigningOptions = {},
): SigningLayer {
  const config = resolveConfig(configInput);
  const {
    router: givenRouter,
    plugins = [],
    scope = self,
    staticRouting,
    ...credentialOptions
  } = options;
  const handlers = plugins.filter((plugin) => plugin.handleRequest);
  if (handlers.length > 1) {
    throw new TypeError(
      `Only one plug-in may answer API requests; ${handlers.map((p) => p.name).join(' and ')} both do.`,
    );
  }
  const extensions = pluginMessages(plugins);

  const broadcast = async (event: WorkerEvent | ExtensionEvent) => {
    const clients = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
    for (const client of clients) client.postMessage(event);
  };
  const store = credentialOptions.store ?? new SessionStore();
  const reads = new CachedReads(store);
  const channel = sessionChannel(credentialOptions.store);
  const credentials = new CredentialManager(config, {
    announce: (epoch) => channel?.postMessage({ epoch }),
    requestToken: (fallOver) =>
      void broadcast({ type: 'token-needed', v: PROTOCOL_VERSION, fallOver }),
    ...credentialOptions,
    store,
    clearUserData: async (session) => {
      reads.clear();
      const names = await scope.caches.keys();
      await Promise.all(
        names.filter((n) => n.startsWith(AUTH_CACHE_PREFIX)).map((n) => scope.caches.delete(n)),
      );
      for (const plugin of plugins) await plugin.onSessionEnd?.(session);
    },
  });
  if (channel) {
    channel.onmessage = ({ data }: MessageEvent<unknown>) => {
      // Any same-origin script may post here; the worst a forged message does is make this
      // instance read the session from IndexedDB again.
      const epoch = (data as { epoch?: unknown } | null)?.epoch;
      if (typeof epoch === 'string' || epoch === null) credentials.follow(epoch);
    };
  }
  // A stopped worker restarted for a request: read the session while the browser dispatches it. Not
  // in an installing worker, which may wait long enough for the active one to end that session.
  if ((scope.serviceWorker as ServiceWorker | undefined)?.state === 'activated') {
    credentials.preload();
    void reads.ready();
  }
  const keyCache = new Map<string, ArrayBuffer>();
  const signedFetch = (request: Request, api: SignedApi, fetchOptions: SignedFetchOptions = {}) =>
    fetchSigned(request, api, {
      credentials,
      keyCache,
      reads,
      identityId: fetchOptions.identityId,
    });

  const plugin = handlers[0];
  const handler = plugin
    ? (context: SignedRouteContext) => plugin.handleRequest!(context)
    : ({ request, api }: SignedRouteContext) => signedFetch(request, api);
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
  const router = givenRouter ?? getOrCreateDefaultRouter();
  const routes = METHODS.map((method) => {
    const route = new Route(
      ({ url, request }) => apiOf(request, url) ?? false,
      ({ request, event, params }) => answer(request, event, params as unknown as SignedApi),
      method,
    );
    router.registerRoute(route);
    return route;
  });
  // workbox-routing keys routes by the exact method, and fetch upper-cases only six of them, so
  // `patch`, OPTIONS and custom verbs would skip every route and leave unsigned. They come here:
  // a PATCH in any case is answered as PATCH, anything else is signed or refused by fetchSigned.
  scope.addEventListener('fetch', (event) => {
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

  if (staticRouting) {
    installStaticRouting(scope, staticRoutes(config.apis, staticRouting, scope.location.href));
  }

  const handle = async (request: WorkerRequest | ExtensionRequest): Promise<unknown> => {
    const core = request as WorkerRequest;
    switch (core.type) {
      case 'sign-in': {
        const before = await credentials.status();
        let result;
        try {
          result = await credentials.signIn(core.idToken);
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
        return credentials.acceptToken(core.idToken);
      case 'no-token': {
        const signedOut = await credentials.endExpiredSession();
        if (signedOut) await broadcast({ type: 'signed-out', v: PROTOCOL_VERSION });
        return { signedOut };
      }
      case 'sign-out':
        await credentials.signOut();
        await broadcast({ type: 'signed-out', v: PROTOCOL_VERSION });
        return {};
      case 'status':
        return credentials.status();
      case 'claim':
        await scope.clients.claim();
        return {};
    }
    // validateRequest let only core and plug-in types through.
    return extensions.get(request.type)!.message.handle(request as ExtensionRequest);
  };
  const fields = Object.fromEntries(
    [...extensions].map(([type, { message }]) => [type, message.fields ?? {}]),
  ) as Record<string, MessageFields>;
  scope.addEventListener('message', (event) => {
    event.waitUntil(handleMessage(event, scope.location.origin, handle, fields));
  });

  const layer: SigningLayer = {
    config,
    scope,
    router,
    routes,
    messageTypes: [...CORE_TYPES, ...extensions.keys()],
    plugins: plugins.map((p) => p.name),
    credentials,
    signedFetch,
    broadcast,
  };
  for (const p of plugins) p.install?.(layer);
  return layer;
}

/** Every plug-in message type with its plug-in; a type taken twice is a `TypeError`. */
function pluginMessages(plugins: readonly SigningPlugin[]) {
  const types = new Map<string, { plugin: SigningPlugin; message: PluginMessage }>();
  for (const plugin of plugins) {
    for (const [type, message] of Object.entries(plugin.messages ?? {})) {
      const owner = isCoreMessage(type) ? 'the core protocol' : types.get(type)?.plugin.name;
      if (owner) {
        throw new TypeError(`Plug-in ${plugin.name} adds message "${type}", which ${owner} has.`);
      }
      types.set(type, { plugin, message });
    }
  }
  return types;
}

/**
 * Where the worker's instances (an active one and an update waiting, or two registrations) tell each
 * other that a session began or ended, so none keeps signing for a session another ended until its
 * next IndexedDB read. None for an injected store (tests), or where BroadcastChannel is missing.
 */
function sessionChannel(injectedStore: unknown): BroadcastChannel | undefined {
  if (injectedStore || typeof BroadcastChannel !== 'function') return undefined;
  return new BroadcastChannel(SESSION_CHANNEL);
}
