/** RFC 3986 percent-encoding: everything but unreserved characters. */
function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * A query string in RFC 3986 form, the form SigV4 signs and the worker sends, so that what was
 * signed is what any server decodes; parameters with an empty name are dropped.
 */
export function rfc3986Query(params: URLSearchParams): string {
  return [...params]
    .filter(([key]) => key !== '')
    .map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`)
    .join('&');
}
