import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { loadConfig } from '../../shared/config.ts';
import { installNavigationFallback, OfflineSupport } from '../offline/index.ts';
import { installSigning } from '../signing/index.ts';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
};

// Read once: the build replaces this one reference with the app shell's precache manifest.
const manifest = self.__WB_MANIFEST;

// The demo's worker, wired up exactly as a user's PWA would: signing for the configured APIs,
// with offline reads and an outbox for offline writes…
const offline = new OfflineSupport();
offline.start(installSigning(loadConfig(import.meta.env), offline.signingOptions()));

// …and the precached app shell, which also answers navigations made offline.
precacheAndRoute(manifest);
installNavigationFallback(manifest);
cleanupOutdatedCaches();

// Take over at once, so the first visit's API calls are signed too.
self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
