import { errorResponse } from './workerResponse.ts';

/**
 * The app's answer when the API redirected a signed request (sent with `redirect: 'manual'`, so
 * the browser followed nothing): what a page that asked for `manual` or `error` asked for, and a
 * JSON 502 `redirect-not-followed` for `follow`. Following is not safe: the browser would re-send
 * the X-Amz-* headers, session token included, to wherever `Location` points (Chromium strips only
 * `Authorization` across origins, https://fetch.spec.whatwg.org/#http-redirect-fetch), and the
 * worker cannot check the target first, since a manual redirect is an opaque-redirect filtered
 * response: status 0, no headers, no `Location` (https://fetch.spec.whatwg.org/#concept-filtered-response-opaque-redirect).
 */
export function answerRedirect(
  redirect: Response,
  original: Request,
  /** False for a query-signed request: an opaque redirect's `url` would show the page its token. */
  mayHandOver = true,
): Response {
  if (original.redirect === 'manual' && mayHandOver) return redirect;
  if (original.redirect === 'error') return Response.error();
  return errorResponse({
    code: 'redirect-not-followed',
    message:
      `The API answered ${original.method} ${original.url} with a redirect, which the worker ` +
      'does not follow (it cannot see where it leads, and a followed request would carry the ' +
      'session token along). The request reached the API.',
  });
}
