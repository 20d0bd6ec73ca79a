import type { SignedApi } from '../../shared/config.ts';

/**
 * A URL pattern as the Static Routing API takes it (a `URLPatternInit`; TypeScript's lib has no
 * type for it yet). An absent component matches anything.
 */
export interface RouterUrlPattern {
  protocol?: string;
  hostname?: string;
  port?: string;
  pathname?: string;
  search?: string;
  hash?: string;
  baseURL?: string;
}

/** The conditions of a static route this layer uses (https://w3c.github.io/ServiceWorker/#dictdef-routercondition). */
export interface RouterCondition {
  urlPattern?: RouterUrlPattern;
  requestMode?: RequestMode;
}

/** One rule for `InstallEvent.addRoutes`: the first rule whose condition matches picks the source. */
export interface RouterRule {
  condition: RouterCondition;
  source: 'network' | 'fetch-event';
}

/** What else must reach the worker's fetch handler besides the APIs and navigations. */
export interface StaticRoutingOptions {
  /**
   * Requests the worker's own routes answer: URLs (resolved against the worker's location, e.g. the
   * precache manifest's entries or `/local/hello`), matched by origin, path and query exactly; or
   * URL patterns as the Static Routing API takes them, passed through as they are.
   */
  keep?: ReadonlyArray<string | RouterUrlPattern>;
}

/** Characters with a meaning in URL pattern syntax (https://urlpattern.spec.whatwg.org/#parsing-patterns). */
const PATTERN_SYNTAX = /[\\:*(){}+?]/g;

function escapePattern(text: string): string {
  return text.replace(PATTERN_SYNTAX, '\\$&');
}

/** The pattern of exactly this URL's origin, path and query. */
function exactUrl(url: URL): RouterUrlPattern {
  return {
    protocol: url.protocol.slice(0, -1),
    hostname: escapePattern(url.hostname),
    port: url.port,
    pathname: escapePattern(url.pathname),
    search: escapePattern(url.search.slice(1)),
  };
}

/** Patterns of everything under an API: its origin, the prefix itself and any path below it. */
function apiPatterns(api: SignedApi): RouterUrlPattern[] {
  const origin = new URL(api.origin);
  const base = {
    protocol: origin.protocol.slice(0, -1),
    hostname: escapePattern(origin.hostname),
    port: origin.port,
  };
  if (api.pathPrefix === '') return [{ ...base, pathname: '*' }];
  const prefix = escapePattern(api.pathPrefix);
  return [
    { ...base, pathname: prefix },
    { ...base, pathname: `${prefix}/*` },
  ];
}

/**
 * The static routes that let only the worker's business reach it: requests under the APIs (every
 * method, any query), navigations (the offline fallback answers them) and what `keep` lists go to
 * the fetch handler; everything else goes straight to the network without starting the worker.
 */
export function staticRoutes(
  apis: readonly SignedApi[],
  options: StaticRoutingOptions,
  workerUrl: string,
): RouterRule[] {
  const kept = [
    ...apis.flatMap(apiPatterns),
    ...(options.keep ?? []).map((entry) =>
      typeof entry === 'string' ? exactUrl(new URL(entry, workerUrl)) : entry,
    ),
  ];
  return [
    { condition: { requestMode: 'navigate' }, source: 'fetch-event' },
    ...kept.map((urlPattern): RouterRule => ({ condition: { urlPattern }, source: 'fetch-event' })),
    // Every component a wildcard: whatever no rule above kept.
    { condition: { urlPattern: {} }, source: 'network' },
  ];
}
