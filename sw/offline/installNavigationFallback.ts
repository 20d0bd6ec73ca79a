import { createHandlerBoundToURL } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

/**
 * Answers every navigation the precache cannot (e.g. an offline reload of a deep link) with the
 * precached app shell at `shellUrl`. Skipped when the shell is not precached (the dev server's
 * manifest is empty), since Workbox throws for an unknown URL.
 */
export function installNavigationFallback(
  manifest: ReadonlyArray<{ url: string }>,
  shellUrl = '/',
): void {
  if (!manifest.some((entry) => entry.url === shellUrl)) return;
  registerRoute(new NavigationRoute(createHandlerBoundToURL(shellUrl)));
}
