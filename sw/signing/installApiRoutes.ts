import { Route, type Router } from 'workbox-routing';
import type { HTTPMethod } from 'workbox-routing/utils/constants.js';
import { findApi, type SignedApi } from '../../shared/config.ts';
import { listenOddMethods } from './listenOddMethods.ts';

/** Every method workbox-routing routes; each gets the signing route. */
const ROUTED_METHODS: readonly HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Answers one request to a configured API. */
export type ApiAnswer = (
  request: Request,
  event: ExtendableEvent,
  api: SignedApi,
) => Promise<Response>;

/**
 * Sends every request to one of `apis` (navigations excepted: a page load cannot be re-issued as
 * CORS) to `answer`: a Workbox route per method on `router`, and `listenOddMethods` for the
 * methods Workbox cannot route. Returns the routes.
 */
export function installApiRoutes(
  router: Router,
  scope: ServiceWorkerGlobalScope,
  apis: readonly SignedApi[],
  answer: ApiAnswer,
): Route[] {
  const apiOf = (request: Request, url: URL) =>
    request.mode === 'navigate' ? undefined : findApi(apis, url);
  const routes = ROUTED_METHODS.map((method) => {
    const route = new Route(
      ({ url, request }) => apiOf(request, url) ?? false,
      ({ request, event, params }) => answer(request, event, params as unknown as SignedApi),
      method,
    );
    router.registerRoute(route);
    return route;
  });
  listenOddMethods(scope, ROUTED_METHODS, apiOf, answer);
  return routes;
}
