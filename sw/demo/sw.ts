import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { installNavigationFallback, OfflineSupport } from 'sigv4-service-worker/offline';
import { configFromEnv, installSigning } from 'sigv4-service-worker/sw';
import { awsSdkIdentity } from 'sigv4-service-worker/sw/aws-sdk';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
};

// Read once: the build replaces this one reference with the app shell's precache manifest.
const manifest: Array<{ url: string; revision: string | null }> = self.__WB_MANIFEST;

// The demo's worker, wired up exactly as a user's PWA would: signing for the configured APIs,
// with the offline plug-in's read cache and outbox for offline writes…
const config = configFromEnv(import.meta.env);
// Only the notes the app shows are kept for offline reading; other GETs are signed and sent.
const isNotes = (url: URL) =>
  config.apis.some(({ origin, pathPrefix, service }) => {
    if (url.origin !== origin) return false;
    // An AppSync API's one endpoint serves the notes' queries (notesApiFor on the page).
    if (service === 'appsync') return url.pathname === pathPrefix;
    const notes = `${pathPrefix}/notes`;
    return url.pathname === notes || url.pathname.startsWith(`${notes}/`);
  });
installSigning(config, {
  // Cognito Identity through plain fetch unless built with VITE_IDENTITY_TRANSPORT=aws-sdk (the SDK
  // transport's e2e); off, the condition is a constant false and the bundler drops the SDK.
  identity:
    import.meta.env.VITE_IDENTITY_TRANSPORT === 'aws-sdk' ? awsSdkIdentity(config) : undefined,
  plugins: [new OfflineSupport({ cachesRead: isNotes })],
  // Only the APIs, navigations and the precached shell reach this worker; the app's other requests
  // (images, third-party origins) go straight to the network where the browser can route them so.
  staticRouting: { keep: manifest.map((entry) => entry.url) },
});

// …and the precached app shell, which also answers navigations made offline.
precacheAndRoute(manifest);
installNavigationFallback(manifest);
cleanupOutdatedCaches();

// Take over at once, so the first visit's API calls are signed too.
self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
