import { randomInt } from 'node:crypto';
import { CognitoServiceError } from './CognitoServiceError.ts';
import { maskEmail } from './maskEmail.ts';
import { requireString, type Input } from './readInput.ts';
import type { UserPool } from './UserPool.ts';

/** ResendConfirmationCode: replaces an unconfirmed user's sign-up code with a new one and "sends" it. */
export function resendConfirmationCode(pool: UserPool, input: Input) {
  const clientId = requireString(input, 'ClientId', 'InvalidParameterException');
  const username = requireString(input, 'Username', 'InvalidParameterException');
  pool.checkClientId(clientId);
  const user = pool.store.get(username);
  if (!user) {
    throw new CognitoServiceError(
      'UserNotFoundException',
      'Username/client id combination not found.',
    );
  }
  if (user.confirmed) {
    // Type and text as public reports quote them (amplify-js #13220, #14762); unverified against AWS.
    throw new CognitoServiceError('InvalidParameterException', 'User is already confirmed.');
  }
  // A new code replaces the old one, which no longer confirms (the stricter reading; unverified).
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  pool.store.put({ ...user, confirmationCode: code });
  const email = user.attributes.email;
  if (email !== undefined) {
    pool.mailbox.deliver(user.username, {
      to: email,
      purpose: 'SIGN_UP',
      code,
      sentAt: pool.state.now(),
    });
  }
  if (pool.state.settings.log) {
    console.log(`[cognito] new confirmation code for "${user.username}": ${code}`);
  }
  return {
    ...(email !== undefined && {
      CodeDeliveryDetails: {
        Destination: maskEmail(email),
        DeliveryMedium: 'EMAIL',
        AttributeName: 'email',
      },
    }),
  };
}
