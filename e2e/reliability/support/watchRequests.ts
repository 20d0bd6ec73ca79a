import type { BrowserContext, Request } from '@playwright/test';

/** A request the browser sent, with the headers that matter for signing. */
export interface SeenRequest {
  url: string;
  method: string;
  authorization: string | undefined;
  securityToken: string | undefined;
  /** Whether the request came from a service worker rather than a page. */
  fromServiceWorker: boolean;
  /** The script URL of the service worker that sent it, if one did. */
  serviceWorkerUrl: string | undefined;
}

/**
 * Records every request of a context (pages and service workers) with its real headers, as sent
 * on the wire. Call `settled()` before reading `seen` so pending header lookups have finished.
 */
export function watchRequests(context: BrowserContext) {
  const seen: SeenRequest[] = [];
  const pending = new Set<Promise<void>>();
  const onRequest = (request: Request) => {
    const task = request
      .allHeaders()
      .catch(() => request.headers())
      .then((headers) => {
        seen.push({
          url: request.url(),
          method: request.method(),
          authorization: headers['authorization'],
          securityToken: headers['x-amz-security-token'],
          fromServiceWorker: request.serviceWorker() !== null,
          serviceWorkerUrl: request.serviceWorker()?.url(),
        });
      })
      .finally(() => pending.delete(task));
    pending.add(task);
  };
  context.on('request', onRequest);
  return {
    seen,
    async settled(): Promise<SeenRequest[]> {
      while (pending.size > 0) await Promise.all([...pending]);
      return seen;
    },
    stop() {
      context.off('request', onRequest);
    },
  };
}

/**
 * Requests that reached the network for `apiUrl` without a signature. A page's request that the
 * worker answered is reported too (with the page's own headers), so only what the worker sent
 * counts; a request the worker let through would show up as the worker's own fetch.
 */
export function unsignedApiRequests(seen: SeenRequest[], apiUrl: string): string[] {
  return seen
    .filter(
      (r) =>
        r.fromServiceWorker &&
        r.url.startsWith(apiUrl + '/') &&
        r.method !== 'OPTIONS' &&
        !r.authorization,
    )
    .map((r) => `${r.method} ${r.url}`);
}

/** Requests the worker sent to `apiUrl` with a signature. */
export function signedApiRequests(seen: SeenRequest[], apiUrl: string): SeenRequest[] {
  return seen.filter(
    (r) => r.fromServiceWorker && r.url.startsWith(apiUrl + '/') && r.authorization !== undefined,
  );
}
