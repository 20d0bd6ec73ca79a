import { randomUUID } from 'node:crypto';
import { checkPasswordPolicy } from './checkPasswordPolicy.ts';
import { CognitoServiceError } from './CognitoServiceError.ts';
import { newConfirmationCode, sendConfirmationCode } from './sendConfirmationCode.ts';
import { constraintError, optionalAttributes, requireString, type Input } from './readInput.ts';
import { createVerifier } from './srp.ts';
import type { UserPool } from './UserPool.ts';

/** Cognito's username constraint (letters, marks, symbols, numbers, punctuation; no spaces). */
const USERNAME_PATTERN = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;

/** Longest username Cognito accepts. */
const MAX_USERNAME_LENGTH = 128;

/** SignUp: creates an unconfirmed user and "sends" a 6-digit code (printed, and readable through the test controls). */
export function signUp(pool: UserPool, input: Input) {
  const clientId = requireString(input, 'ClientId', 'InvalidParameterException');
  const username = requireString(input, 'Username', 'InvalidParameterException');
  const password = requireString(input, 'Password', 'InvalidParameterException');
  const attributes = optionalAttributes(input, 'UserAttributes') ?? {};
  if ([...username].length > MAX_USERNAME_LENGTH || !USERNAME_PATTERN.test(username)) {
    throw constraintError(
      'InvalidParameterException',
      'Username',
      username,
      'Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+',
    );
  }
  pool.checkClientId(clientId);
  if ('sub' in attributes) {
    throw new CognitoServiceError(
      'InvalidParameterException',
      'Cannot modify the non-mutable attribute sub',
    );
  }
  checkPasswordPolicy(password);
  if (pool.store.get(username)) {
    throw new CognitoServiceError('UsernameExistsException', 'User already exists');
  }

  const code = newConfirmationCode();
  const sub = randomUUID();
  // Only a confirmation verifies an email; a client cannot claim it.
  const kept = { ...attributes };
  delete kept.email_verified;
  pool.store.put({
    username,
    sub,
    attributes: kept,
    confirmed: false,
    confirmationCode: code,
    createdAt: pool.state.now(),
    ...createVerifier(pool.poolName, username, password),
  });
  return {
    UserConfirmed: false,
    UserSub: sub,
    ...sendConfirmationCode(pool, username, kept.email, code),
  };
}
