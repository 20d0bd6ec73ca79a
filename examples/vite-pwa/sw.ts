/// <reference lib="webworker" />
import { installSigning } from 'sigv4-service-worker/sw';
import { precacheAndRoute } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { config } from './config.ts';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
};

// Read once: the build replaces this one reference with the app shell's precache manifest.
const manifest: Array<{ url: string; revision: string | null }> = self.__WB_MANIFEST;

// The app shell, precached: the app opens offline.
precacheAndRoute(manifest);

// A route of the app's own, on the same (default) Workbox router.
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname === '/local/hello',
  async () => Response.json({ hello: 'from the worker' }),
);

// Every request under config.apis is signed; everything else is left to the routes above. Requests
// for none of them skip the worker (static routing), so the routes above are listed to keep them.
installSigning(config, {
  staticRouting: { keep: [...manifest.map((entry) => entry.url), '/local/hello'] },
});

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
