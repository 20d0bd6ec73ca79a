import type { RouterRule } from './staticRoutes.ts';

/** `InstallEvent` with the Static Routing API (Chromium 123+), which TypeScript's lib lacks. */
interface RoutingInstallEvent extends ExtendableEvent {
  addRoutes?(rules: RouterRule | RouterRule[]): Promise<void>;
}

/**
 * Adds `rules` when the worker installs, where the browser has the Static Routing API; elsewhere,
 * or when the browser refuses them, every request keeps reaching the fetch handler, which passes
 * over what is not its business as before. Never fails the install.
 */
export function installStaticRouting(
  scope: ServiceWorkerGlobalScope,
  rules: RouterRule[],
  warn: (message: string, error: unknown) => void = console.warn,
): void {
  scope.addEventListener('install', (event: RoutingInstallEvent) => {
    if (typeof event.addRoutes !== 'function') return;
    let added: Promise<void>;
    try {
      // Called synchronously: routes can be added only while the install event is being dispatched.
      added = event.addRoutes(rules);
    } catch (error) {
      added = Promise.reject(error);
    }
    event.waitUntil(
      added.catch((error: unknown) => {
        // E.g. a condition this version does not know: the fetch handler still sorts every request.
        warn('Static routes were refused; every request goes through the fetch handler.', error);
      }),
    );
  });
}
