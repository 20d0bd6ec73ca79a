/* global self, fetch */
// The floor of any request through a service worker: every request but a navigation is answered
// with `fetch(request)`, nothing else. The bench serves this file as it is (no build), so its
// start-up is the cost of a worker alone; the page signs with aws4fetch itself (passThroughSigned).
self.addEventListener('fetch', (event) => {
  if (event.request.mode === 'navigate') return;
  event.respondWith(fetch(event.request));
});

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
