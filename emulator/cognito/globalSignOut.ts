import { requireString, type Input } from './readInput.ts';
import type { UserPool } from './UserPool.ts';

/** GlobalSignOut: revokes every refresh token of the user, and with them every access token issued from one. */
export function globalSignOut(pool: UserPool, input: Input): Record<string, never> {
  const { user } = pool.authenticate(
    requireString(input, 'AccessToken', 'InvalidParameterException'),
  );
  pool.store.revokeSessions(user.username);
  return {};
}
