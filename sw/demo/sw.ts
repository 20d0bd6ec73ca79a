import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { loadConfig } from '../../shared/config.ts';
import { installSigning } from '../signing/index.ts';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
};

// The demo's worker, wired up exactly as a user's PWA would: signing for the configured APIs…
installSigning(loadConfig(import.meta.env));

// …and the precached app shell.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Take over at once, so the first visit's API calls are signed too.
self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
