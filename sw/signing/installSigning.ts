import type { Router } from 'workbox-routing';
import { getOrCreateDefaultRouter } from 'workbox-routing/utils/getOrCreateDefaultRouter.js';
import { resolveConfig, type SigningConfigInput } from '../../shared/config.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { deleteAuthCaches } from './authCaches.ts';
import { CachedReads } from './CachedReads.ts';
import { coreMessages } from './coreMessages.ts';
import { CredentialManager, type CredentialManagerOptions } from './CredentialManager.ts';
import type { IdentityApi } from './IdentityApi.ts';
import { installApiRoutes } from './installApiRoutes.ts';
import { installMessages } from './installMessages.ts';
import { installStaticRouting } from './installStaticRouting.ts';
import type { RefreshPolicy } from './refreshPolicy.ts';
import { SessionChannel } from './SessionChannel.ts';
import { SessionStore } from './SessionStore.ts';
import { signingRequests } from './signingRequests.ts';
import { staticRoutes, type StaticRoutingOptions } from './staticRoutes.ts';
import type { SigningLayer, SigningPlugin } from './SigningPlugin.ts';

declare const self: ServiceWorkerGlobalScope;

/** Options of `installSigning`; all optional. */
export interface SigningOptions {
  /** The Workbox router to register the routes on; the default router (`registerRoute`'s) if absent. */
  router?: Router;
  /** Add-ons, e.g. `new OfflineSupport()` from `sigv4-service-worker/offline`. */
  plugins?: readonly SigningPlugin[];
  /**
   * Lets requests that are not the worker's business bypass it (Static Routing API, Chromium 123+):
   * only the APIs, navigations and `keep` reach the fetch handler. Off when absent, since the
   * worker's other routes (a precache, the app's own) must be listed in `keep` to stay reachable.
   */
  staticRouting?: StaticRoutingOptions;
  /** When credentials are refreshed and how Cognito is retried; see `DEFAULT_REFRESH_POLICY`. */
  refreshPolicy?: Partial<RefreshPolicy>;
  /** How the Identity Pool is called; `fetch` by default, or `awsSdkIdentity` from `/sw/aws-sdk`. */
  identity?: IdentityApi;
}

/** The layer's seams besides its options: stand-ins for the worker's scope, storage and clock. */
export interface SigningSeams extends Pick<
  CredentialManagerOptions,
  'store' | 'now' | 'random' | 'setTimer' | 'requestToken'
> {
  /** The worker's global scope; `self` unless a test passes a stand-in. */
  scope?: ServiceWorkerGlobalScope;
}

/**
 * Installs transparent SigV4 signing in a Workbox service worker: a route for every method under
 * each configured API URL on the router, and a message listener for the page ⇄ worker protocol.
 */
export function installSigning(
  config: SigningConfigInput,
  options: SigningOptions = {},
): SigningLayer {
  return installLayer(config, options);
}

/** `installSigning` with its seams open: how tests stand in for the worker's globals. */
export function installLayer(
  configInput: SigningConfigInput,
  {
    router = getOrCreateDefaultRouter(),
    plugins = [],
    scope = self,
    ...options
  }: SigningOptions & SigningSeams = {},
): SigningLayer {
  const config = resolveConfig(configInput);
  const broadcast: SigningLayer['broadcast'] = async (event) => {
    const clients = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
    for (const client of clients) client.postMessage(event);
  };
  const store = options.store ?? new SessionStore();
  const reads = new CachedReads(store);
  // Only for the worker's own database: instances on other stores (tests) share no session.
  const channel = options.store ? undefined : new SessionChannel();
  const credentials = new CredentialManager(config, {
    requestToken: (fallOver) =>
      void broadcast({ type: 'token-needed', v: PROTOCOL_VERSION, fallOver }),
    ...options,
    store,
    announce: (epoch) => channel?.announce(epoch),
    clearUserData: async (session) => {
      reads.clear();
      await deleteAuthCaches(scope.caches);
      for (const plugin of plugins) await plugin.onSessionEnd?.(session);
    },
  });
  channel?.listen((epoch) => credentials.follow(epoch));
  // A stopped worker restarted for a request: read the session while the browser dispatches it. Not
  // in an installing worker, which may wait long enough for the active one to end that session.
  if ((scope.serviceWorker as ServiceWorker | undefined)?.state === 'activated') {
    credentials.preload();
    void reads.ready();
  }
  const { signedFetch, answer } = signingRequests({ credentials, reads }, plugins);
  const routes = installApiRoutes(router, scope, config.apis, answer);
  if (options.staticRouting) {
    const rules = staticRoutes(config.apis, options.staticRouting, scope.location.href);
    installStaticRouting(scope, rules);
  }
  const core = coreMessages({ credentials, scope, broadcast });
  const messageTypes = installMessages(scope, core, plugins);
  const names = plugins.map((p) => p.name);
  const layer = {
    config,
    scope,
    router,
    routes,
    messageTypes,
    plugins: names,
    credentials,
    signedFetch,
    broadcast,
  };
  for (const p of plugins) p.install?.(layer);
  return layer;
}
