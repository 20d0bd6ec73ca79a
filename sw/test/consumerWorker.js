/* global self */
// A consumer's worker entry, as plain JavaScript: the demo's worker (sw/demo/sw.ts) with the
// configuration written out, imported from the package by name. The bundle tests build it with each
// bundler; the build replaces `self.__WB_MANIFEST` with the precache manifest.
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { installNavigationFallback, OfflineSupport } from 'sigv4-service-worker/offline';
import { installSigning } from 'sigv4-service-worker/sw';

const manifest = self.__WB_MANIFEST;

installSigning(
  {
    region: 'us-east-1',
    userPoolId: 'us-east-1_Consumer1',
    userPoolClientId: 'consumerclient00000000000001',
    identityPoolId: 'us-east-1:00000000-0000-4000-8000-000000000001',
    apis: [{ url: 'https://api.example.test/dev', service: 'execute-api' }],
  },
  {
    plugins: [new OfflineSupport()],
    staticRouting: { keep: manifest.map((entry) => entry.url) },
  },
);

precacheAndRoute(manifest);
installNavigationFallback(manifest);
cleanupOutdatedCaches();

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
