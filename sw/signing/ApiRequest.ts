import type { SignedApi } from '../../shared/config.ts';
import { dialectFor } from './dialects/dialectFor.ts';
import type { ServiceDialect } from './dialects/ServiceDialect.ts';
import { signableHeaders } from './signableHeaders.ts';
import { errorResponse } from './workerResponse.ts';

/**
 * An app's request to a configured API, read once where the worker takes it: every later step
 * (a plug-in, the outbox, signing, each retry) uses these fields and never reads `original` again.
 */
export interface ApiRequest {
  /** The app's request as it arrived; its body has been read into `body`. */
  readonly original: Request;
  readonly api: SignedApi;
  readonly dialect: ServiceDialect;
  /** The method to sign, normalised once (`patch` becomes `PATCH`). */
  readonly method: string;
  /** The URL as it is signed and sent (the dialect's rules). */
  readonly url: URL;
  /** The app's headers minus those the browser owns. */
  readonly headers: Headers;
  /** The body's bytes; undefined for GET and HEAD. */
  readonly body: ArrayBuffer | undefined;
}

/** Whether a request of this method is a read (no body, answerable from a cache). */
export function isRead(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

/**
 * Reads an app's request to `api` once. A verb the API's service cannot serve is answered here
 * with a JSON 405 (and an `Allow` header): it is never sent.
 */
export async function readApiRequest(
  original: Request,
  api: SignedApi,
): Promise<ApiRequest | Response> {
  const dialect = dialectFor(api.service);
  const method = dialect.method(original.method);
  if (method === undefined) {
    const allowed = dialect.methods.join(', ');
    return errorResponse(
      {
        code: 'unsupported-method',
        message: `${original.method} ${original.url} was not sent: ${dialect.title} serves only ${allowed}.`,
      },
      { Allow: allowed },
    );
  }
  return {
    original,
    api,
    dialect,
    method,
    url: dialect.wireUrl(new URL(original.url)),
    headers: signableHeaders(original.headers),
    // By method, not `request.body`: Firefox has no `Request.body` stream, so it reads undefined.
    body: isRead(method) ? undefined : await original.arrayBuffer(),
  };
}
