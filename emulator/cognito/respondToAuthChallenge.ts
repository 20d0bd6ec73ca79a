import { timingSafeEqual } from 'node:crypto';
import { CognitoServiceError, incorrectCredentials } from './CognitoServiceError.ts';
import { answerEmailOtp } from './emailOtp.ts';
import { requireParameter } from './initiateAuth.ts';
import { parseSrpTimestamp } from './parseSrpTimestamp.ts';
import { optionalString, optionalStringMap, requireString, type Input } from './readInput.ts';
import { derivePasswordKey, passwordClaimSignature } from './srp.ts';
import type { AuthenticationResult, UserPool } from './UserPool.ts';
import { answerSelectChallenge, type UserAuthChallenge } from './userAuth.ts';
import { answerWebAuthnChallenge } from './webAuthnSignIn.ts';

/**
 * RespondToAuthChallenge: USER_AUTH's SELECT_CHALLENGE and EMAIL_OTP, and PASSWORD_VERIFIER (the SRP
 * password proof, checked for real).
 */
export function respondToAuthChallenge(
  pool: UserPool,
  input: Input,
):
  | UserAuthChallenge
  | { AuthenticationResult: AuthenticationResult; ChallengeParameters: Record<string, string> } {
  const clientId = requireString(input, 'ClientId', 'InvalidParameterException');
  const challengeName = requireString(input, 'ChallengeName', 'InvalidParameterException');
  pool.checkClientId(clientId);
  if (challengeName === 'SELECT_CHALLENGE') {
    return answerSelectChallenge(
      pool,
      optionalStringMap(input, 'ChallengeResponses') ?? {},
      optionalString(input, 'Session'),
      clientId,
    );
  }
  if (challengeName === 'EMAIL_OTP') {
    return answerEmailOtp(
      pool,
      optionalStringMap(input, 'ChallengeResponses') ?? {},
      optionalString(input, 'Session'),
      clientId,
    );
  }
  if (challengeName === 'WEB_AUTHN') {
    return answerWebAuthnChallenge(
      pool,
      optionalStringMap(input, 'ChallengeResponses') ?? {},
      optionalString(input, 'Session'),
      clientId,
    );
  }
  if (challengeName !== 'PASSWORD_VERIFIER') {
    throw new CognitoServiceError(
      'InvalidParameterException',
      `Challenge ${challengeName} is not supported by this user pool.`,
    );
  }
  const responses = optionalStringMap(input, 'ChallengeResponses') ?? {};
  const username = requireParameter(responses, 'USERNAME');
  const secretBlock = requireParameter(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
  const signature = requireParameter(responses, 'PASSWORD_CLAIM_SIGNATURE');
  const timestamp = requireParameter(responses, 'TIMESTAMP');
  if (parseSrpTimestamp(timestamp) === undefined) {
    throw new CognitoServiceError(
      'InvalidParameterException',
      'TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.',
    );
  }

  const challenge = pool.takeChallenge(secretBlock);
  if (!challenge || challenge.username.toLowerCase() !== username.toLowerCase()) {
    throw incorrectCredentials();
  }
  const key = derivePasswordKey(challenge.A, challenge.ephemeral, challenge.verifier);
  const expected =
    key && passwordClaimSignature(key, pool.poolName, challenge.username, secretBlock, timestamp);
  const given = Buffer.from(signature, 'base64');
  // Re-read the user: it may have been confirmed since InitiateAuth.
  const user = challenge.user && pool.store.get(challenge.user.username);
  if (!user || !expected || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw incorrectCredentials();
  }
  if (!user.confirmed) {
    throw new CognitoServiceError('UserNotConfirmedException', 'User is not confirmed.');
  }
  return { AuthenticationResult: pool.startSession(user, clientId), ChallengeParameters: {} };
}
