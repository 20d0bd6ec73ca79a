/** Caches whose names start with this hold authenticated responses; sign-out deletes them all. */
export const AUTH_CACHE_PREFIX = 'sigv4-auth-';

/** Deletes every cache that holds a user's authenticated responses. */
export async function deleteAuthCaches(caches: CacheStorage): Promise<void> {
  const names = await caches.keys();
  await Promise.all(
    names.filter((n) => n.startsWith(AUTH_CACHE_PREFIX)).map((n) => caches.delete(n)),
  );
}
