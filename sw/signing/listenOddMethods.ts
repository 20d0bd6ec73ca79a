import type { SignedApi } from '../../shared/config.ts';

/**
 * workbox-routing keys routes by the exact method, and fetch upper-cases only six of them, so
 * `patch`, OPTIONS and custom verbs would skip every route and leave unsigned. This fetch listener
 * takes every method not in `routed` to `answer`, where the API's dialect signs or refuses it.
 */
export function listenOddMethods(
  scope: ServiceWorkerGlobalScope,
  routed: readonly string[],
  apiOf: (request: Request, url: URL) => SignedApi | undefined,
  answer: (request: Request, event: ExtendableEvent, api: SignedApi) => Promise<Response>,
): void {
  scope.addEventListener('fetch', (event) => {
    const { request } = event;
    if (routed.includes(request.method)) return;
    const api = apiOf(request, new URL(request.url));
    // Inside the promise, so that nothing can throw before respondWith and let the request go out.
    if (api) event.respondWith(Promise.resolve().then(() => answer(request, event, api)));
  });
}
