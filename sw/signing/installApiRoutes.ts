import { Route, type Router } from 'workbox-routing';
import type { HTTPMethod } from 'workbox-routing/utils/constants.js';
import { findApi, type SignedApi } from '../../shared/config.ts';

/** Every method workbox-routing routes; each gets the signing route. */
const METHODS: HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Answers one request to a configured API. */
export type ApiAnswer = (
  request: Request,
  event: ExtendableEvent,
  api: SignedApi,
) => Promise<Response>;

/**
 * Sends every request to one of `apis` (navigations excepted: a page load cannot be re-issued as
 * CORS) to `answer`: a Workbox route per method on `router`, and a fetch listener for the methods
 * Workbox cannot route. Returns the routes.
 */
export function installApiRoutes(
  router: Router,
  scope: ServiceWorkerGlobalScope,
  apis: readonly SignedApi[],
  answer: ApiAnswer,
): Route[] {
  const apiOf = (request: Request, url: URL) =>
    request.mode === 'navigate' ? undefined : findApi(apis, url);
  const routes = METHODS.map((method) => {
    const route = new Route(
      ({ url, request }) => apiOf(request, url) ?? false,
      ({ request, event, params }) => answer(request, event, params as unknown as SignedApi),
      method,
    );
    router.registerRoute(route);
    return route;
  });
  // workbox-routing keys routes by the exact method, and fetch upper-cases only six of them, so
  // `patch`, OPTIONS and custom verbs would skip every route and leave unsigned. They come here,
  // where the API's dialect signs or refuses them.
  scope.addEventListener('fetch', (event) => {
    const { request } = event;
    if ((METHODS as string[]).includes(request.method)) return;
    const api = apiOf(request, new URL(request.url));
    // Inside the promise, so that nothing can throw before respondWith and let the request go out.
    if (api) event.respondWith(Promise.resolve().then(() => answer(request, event, api)));
  });
  return routes;
}
