/* global self, URL, fetch */
// A worker with the signing layer alone (no offline read cache, no outbox, no precache), to show
// what the demo worker's offline support costs per request; and a plain pass-through for the open
// route, to show what any worker in the path costs. Plain JS on purpose: the bench's tsconfig has no
// WebWorker lib, and the modules it imports are typechecked with the worker's own.
import { configFromEnv, installSigning } from 'sigv4-service-worker/sw';

/** The API's routes that need no signature (`/dev/open/…` in the emulator). */
const OPEN_SEGMENT = '/open';

const config = configFromEnv(import.meta.env);
// Sign only the echo route, so the open route is this file's pass-through alone.
const signedApis = config.apis.map((api) => ({
  ...api,
  url: `${api.url}/echo`,
  pathPrefix: `${api.pathPrefix}/echo`,
}));

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  const open = config.apis.some(
    (api) =>
      url.origin === api.origin && url.pathname.startsWith(api.pathPrefix + OPEN_SEGMENT + '/'),
  );
  if (open) event.respondWith(fetch(event.request));
});

installSigning({ ...config, apis: signedApis });

// The build plugin injects the precache manifest here; this worker precaches nothing.
self.unusedPrecacheManifest = self.__WB_MANIFEST;

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
