import { CognitoServiceError } from './CognitoServiceError.ts';
import { requireString, type Input } from './readInput.ts';
import type { UserPool } from './UserPool.ts';

/** ConfirmSignUp: confirms a user with the code SignUp sent; a confirmed email becomes verified. */
export function confirmSignUp(pool: UserPool, input: Input): Record<string, never> {
  const clientId = requireString(input, 'ClientId', 'InvalidParameterException');
  const username = requireString(input, 'Username', 'InvalidParameterException');
  const code = requireString(input, 'ConfirmationCode', 'InvalidParameterException');
  const user = pool.signUpUser(clientId, username);
  if (user.confirmed) {
    throw new CognitoServiceError(
      'NotAuthorizedException',
      'User cannot be confirmed. Current status is CONFIRMED',
    );
  }
  if (code !== user.confirmationCode) {
    throw new CognitoServiceError(
      'CodeMismatchException',
      'Invalid verification code provided, please try again.',
    );
  }
  const confirmed = { ...user };
  delete confirmed.confirmationCode;
  pool.store.put({
    ...confirmed,
    confirmed: true,
    attributes: {
      ...user.attributes,
      ...(user.attributes.email !== undefined && { email_verified: 'true' }),
    },
  });
  return {};
}
