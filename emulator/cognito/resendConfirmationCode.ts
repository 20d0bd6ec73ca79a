import { CognitoServiceError } from './CognitoServiceError.ts';
import { newConfirmationCode, sendConfirmationCode } from './sendConfirmationCode.ts';
import { requireString, type Input } from './readInput.ts';
import type { UserPool } from './UserPool.ts';

/** ResendConfirmationCode: replaces an unconfirmed user's sign-up code with a new one and "sends" it. */
export function resendConfirmationCode(pool: UserPool, input: Input) {
  const clientId = requireString(input, 'ClientId', 'InvalidParameterException');
  const username = requireString(input, 'Username', 'InvalidParameterException');
  const user = pool.signUpUser(clientId, username);
  if (user.confirmed) {
    // Type and text as public reports quote them (amplify-js #13220, #14762); unverified against AWS.
    throw new CognitoServiceError('InvalidParameterException', 'User is already confirmed.');
  }
  // A new code replaces the old one, which no longer confirms (the stricter reading; unverified).
  const code = newConfirmationCode();
  pool.store.put({ ...user, confirmationCode: code });
  return sendConfirmationCode(pool, user.username, user.attributes.email, code);
}
