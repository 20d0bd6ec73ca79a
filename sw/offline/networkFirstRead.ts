import { AUTH_CACHE_PREFIX } from '../signing/authCaches.ts';
import { isSigningUnavailable } from './isSigningUnavailable.ts';

/** The cache of one identity's API reads; under the signing layer's prefix, so sign-out deletes it. */
export function readCacheName(identityId: string): string {
  return `${AUTH_CACHE_PREFIX}reads-${identityId}`;
}

/** What a network-first read needs. */
export interface ReadContext {
  request: Request;
  /** The identity signed in now, if any. */
  currentIdentity(): Promise<string | undefined>;
  /** Signs the request with `identityId`'s credentials only (the current ones when undefined), sends it. */
  send(identityId: string | undefined): Promise<Response>;
  /** Whether the device believes it is online (`navigator.onLine`). */
  online(): boolean;
  caches?: CacheStorage;
  /** Keeps the worker alive for work done after the response is handed back (`event.waitUntil`). */
  waitUntil?(promise: Promise<unknown>): void;
}

/**
 * A GET to the API: from the network (signed) when it can be reached, keeping each successful
 * answer in the identity's own cache; from that cache when the network (or Cognito) cannot.
 * A cache is only ever read for the identity it was filled for.
 */
export async function networkFirstRead(context: ReadContext): Promise<Response> {
  const { request } = context;
  const storage = context.caches ?? caches;
  const identityId = await context.currentIdentity();
  if (identityId === undefined) return context.send(undefined);
  const name = readCacheName(identityId);
  let response: Response;
  try {
    response = await context.send(identityId);
  } catch (error) {
    if (request.signal.aborted) throw error;
    const cached = await storage.match(request, { cacheName: name });
    if (cached) return cached;
    throw error;
  }
  if (await isSigningUnavailable(response, context.online())) {
    return (await storage.match(request, { cacheName: name })) ?? response;
  }
  if (response.ok && response.type !== 'opaque') {
    // Off the response's path: the app gets its answer while the copy is written.
    const stored = keep(storage, name, request, response.clone(), identityId, context);
    if (context.waitUntil) context.waitUntil(stored);
    else await stored;
  }
  return response;
}

async function keep(
  storage: CacheStorage,
  name: string,
  request: Request,
  response: Response,
  identityId: string,
  context: ReadContext,
): Promise<void> {
  try {
    await (await storage.open(name)).put(request, response);
  } finally {
    // A sign-out (or another user's sign-in) may have deleted the caches while we wrote.
    if ((await context.currentIdentity()) !== identityId) await storage.delete(name);
  }
}
