import { requireString, type Input } from './readInput.ts';
import type { UserPool } from './UserPool.ts';

/** GetUser: the user an access token belongs to, with its attributes (sub included). */
export function getUser(pool: UserPool, input: Input) {
  const { user } = pool.authenticate(
    requireString(input, 'AccessToken', 'InvalidParameterException'),
  );
  return {
    Username: user.username,
    UserAttributes: [
      { Name: 'sub', Value: user.sub },
      ...Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
    ],
  };
}
