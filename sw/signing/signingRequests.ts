import type { SignedApi } from '../../shared/config.ts';
import { readApiRequest, type ApiRequest } from './ApiRequest.ts';
import { fetchSigned, type SignedFetchContext } from './fetchSigned.ts';
import type { ApiAnswer } from './installApiRoutes.ts';
import type { SignedFetchOptions, SigningLayer, SigningPlugin } from './SigningPlugin.ts';

/** What every signed request shares: the credentials and the record of cached reads. */
export type SigningShared = Pick<SignedFetchContext, 'credentials' | 'reads'>;

/**
 * How the layer answers API requests: each is read once into an `ApiRequest`, then handed to the
 * plug-in that answers API requests (at most one may) or signed and sent as it is.
 */
export function signingRequests(
  shared: SigningShared,
  plugins: readonly SigningPlugin[],
): { signedFetch: SigningLayer['signedFetch']; answer: ApiAnswer } {
  const handlers = plugins.filter((plugin) => plugin.handleRequest);
  if (handlers.length > 1) {
    const names = handlers.map((p) => p.name).join(' and ');
    throw new TypeError(`Only one plug-in may answer API requests; ${names} both do.`);
  }
  const plugin = handlers[0];
  // Derived signing keys, shared by every request.
  const keyCache = new Map<string, ArrayBuffer>();
  const send = (call: ApiRequest, options: SignedFetchOptions = {}) =>
    fetchSigned(call, { ...shared, keyCache, identityId: options.identityId });
  return {
    async signedFetch(request: Request, api: SignedApi, options?: SignedFetchOptions) {
      const call = await readApiRequest(request, api);
      return call instanceof Response ? call : send(call, options);
    },
    async answer(request, event, api) {
      const call = await readApiRequest(request, api);
      if (call instanceof Response) return call;
      const signedFetch = (options?: SignedFetchOptions) => send(call, options);
      return plugin ? plugin.handleRequest!({ request: call, event, signedFetch }) : signedFetch();
    },
  };
}
