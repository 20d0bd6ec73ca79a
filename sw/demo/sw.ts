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
const config = loadConfig(import.meta.env);
// Only the notes the app shows are kept for offline reading; other GETs are signed and sent.
const isNotes = (url: URL) =>
  config.apis.some(({ pathPrefix }) => {
    const notes = `${pathPrefix}/notes`;
    return url.pathname === notes || url.pathname.startsWith(`${notes}/`);
  });
const offline = new OfflineSupport({ cachesRead: isNotes });
offline.start(installSigning(config, offline.signingOptions()));

// …and the precached app shell, which also answers navigations made offline.
precacheAndRoute(manifest);
installNavigationFallback(manifest);
cleanupOutdatedCaches();

// Take over at once, so the first visit's API calls are signed too.
self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
