import { rfc3986Query } from '../rfc3986Query.ts';

/**
 * A URL as it is signed and sent to any service but S3: the query re-encoded in RFC 3986 form (read
 * as `URLSearchParams` reads it, so a raw `+` is a space and a literal plus must be `%2B`), repeated
 * slashes in the path collapsed, as aws4fetch canonicalises them; the fragment dropped.
 */
export function canonicalUrl(url: URL): URL {
  const wire = new URL(url.href);
  wire.hash = '';
  wire.pathname = wire.pathname.replace(/\/{2,}/g, '/');
  if (wire.search) wire.search = rfc3986Query(new URLSearchParams(wire.search));
  return wire;
}

/**
 * A dialect's `method()` over the methods its service serves. Fetch upper-cases only DELETE, GET,
 * HEAD, OPTIONS, POST and PUT (https://fetch.spec.whatwg.org/#concept-method-normalize), so
 * `fetch(url, { method: 'patch' })` arrives as `patch`; every HTTP client library means PATCH by it,
 * AWS routes only `PATCH`, and CORS compares allowed methods case-sensitively.
 */
export function methodIn(methods: readonly string[]): (method: string) => string | undefined {
  return (method) => {
    const upper = method.toUpperCase();
    return methods.includes(upper) ? upper : undefined;
  };
}
