// A worker with the signing layer alone (no offline read cache, no outbox, no precache), to show
// what the demo worker's offline support costs per request. Plain JS on purpose: the bench's
// tsconfig has no WebWorker lib, and the modules it imports are typechecked with the worker's own.
/* global self */
import { loadConfig } from '../../shared/config.ts';
import { installSigning } from '../../sw/signing/index.ts';

installSigning(loadConfig(import.meta.env));

// The build plugin injects the precache manifest here; this worker precaches nothing.
self.unusedPrecacheManifest = self.__WB_MANIFEST;

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
