import { createHandlerBoundToURL } from 'workbox-precaching';
import { NavigationRoute, type Router } from 'workbox-routing';
import { getOrCreateDefaultRouter } from 'workbox-routing/utils/getOrCreateDefaultRouter.js';

declare const self: ServiceWorkerGlobalScope;

/**
 * Answers every navigation the precache cannot (e.g. an offline reload of a deep link) with the
 * precached app shell at `shellUrl` (vite-plugin-pwa lists it as `index.html`), on `router` (the
 * default one if absent). Skipped when the shell is not precached (a dev server's manifest is
 * empty), since Workbox throws for an unknown URL.
 */
export function installNavigationFallback(
  manifest: ReadonlyArray<{ url: string }>,
  shellUrl = 'index.html',
  router: Router = getOrCreateDefaultRouter(),
): void {
  const shell = new URL(shellUrl, self.location.href).href;
  if (!manifest.some((entry) => new URL(entry.url, self.location.href).href === shell)) return;
  router.registerRoute(new NavigationRoute(createHandlerBoundToURL(shell)));
}
