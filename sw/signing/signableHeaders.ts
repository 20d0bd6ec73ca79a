/**
 * Headers a script cannot set (Fetch's forbidden request headers): the browser drops them from the
 * re-issued request and writes its own (e.g. `sec-ch-ua`), so signing them would break the signature.
 */
const FORBIDDEN_HEADER =
  /^(?:sec-|proxy-)|^(?:accept-charset|accept-encoding|access-control-request-headers|access-control-request-method|connection|content-length|cookie|cookie2|date|dnt|expect|host|keep-alive|origin|referer|set-cookie|te|trailer|transfer-encoding|upgrade|via)$/i;

/**
 * The app's headers minus those the browser owns, which is exactly what the re-issued request
 * carries; the same object when there is nothing to drop (the signer copies what it is given).
 */
export function signableHeaders(headers: Headers): Headers {
  let forbidden = false;
  for (const name of headers.keys()) forbidden ||= FORBIDDEN_HEADER.test(name);
  if (!forbidden) return headers;
  const result = new Headers();
  for (const [name, value] of headers) if (!FORBIDDEN_HEADER.test(name)) result.append(name, value);
  return result;
}
