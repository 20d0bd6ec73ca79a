import { createHmac, randomBytes } from 'node:crypto';
import { CognitoServiceError, incorrectCredentials } from './CognitoServiceError.ts';
import { constraintError, optionalStringMap, requireString, type Input } from './readInput.ts';
import { createServerEphemeral, createVerifier } from './srp.ts';
import type { AuthenticationResult, UserPool } from './UserPool.ts';
import { startUserAuth, type UserAuthChallenge } from './userAuth.ts';

/** Every AuthFlow value in Cognito's API model; others fail model validation. */
const AUTH_FLOWS = [
  'USER_SRP_AUTH',
  'REFRESH_TOKEN_AUTH',
  'REFRESH_TOKEN',
  'CUSTOM_AUTH',
  'ADMIN_NO_SRP_AUTH',
  'USER_PASSWORD_AUTH',
  'ADMIN_USER_PASSWORD_AUTH',
  'USER_AUTH',
];

/** Secret behind unknown users' fake salts: per process, so probing cannot tell them from real ones. */
const FAKE_SALT_SECRET = randomBytes(32);

/** Cognito's error for a missing entry of AuthParameters or ChallengeResponses. */
export function missingParameter(name: string): CognitoServiceError {
  return new CognitoServiceError('InvalidParameterException', `Missing required parameter ${name}`);
}

/** Reads a required entry of AuthParameters or ChallengeResponses. */
export function requireParameter(parameters: Record<string, string>, name: string): string {
  const value = parameters[name];
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

/** The PASSWORD_VERIFIER challenge USER_SRP_AUTH answers with. */
export interface PasswordVerifierChallenge {
  ChallengeName: 'PASSWORD_VERIFIER';
  ChallengeParameters: Record<string, string>;
}

/** InitiateAuth: USER_SRP_AUTH, USER_PASSWORD_AUTH and REFRESH_TOKEN(_AUTH), as an app client without a secret. */
export function initiateAuth(
  pool: UserPool,
  input: Input,
):
  | PasswordVerifierChallenge
  | UserAuthChallenge
  | { AuthenticationResult: AuthenticationResult; ChallengeParameters: Record<string, string> } {
  const authFlow = requireString(input, 'AuthFlow', 'InvalidParameterException');
  if (!AUTH_FLOWS.includes(authFlow)) {
    throw constraintError(
      'InvalidParameterException',
      'AuthFlow',
      authFlow,
      `Member must satisfy enum value set: [${AUTH_FLOWS.join(', ')}]`,
    );
  }
  const clientId = requireString(input, 'ClientId', 'InvalidParameterException');
  pool.checkClientId(clientId);
  const parameters = optionalStringMap(input, 'AuthParameters') ?? {};

  switch (authFlow) {
    case 'USER_SRP_AUTH':
      return startSrp(
        pool,
        requireParameter(parameters, 'USERNAME'),
        requireParameter(parameters, 'SRP_A'),
      );
    case 'USER_PASSWORD_AUTH': {
      const username = requireParameter(parameters, 'USERNAME');
      const password = requireParameter(parameters, 'PASSWORD');
      const user = pool.store.get(username);
      if (!user || !pool.passwordMatches(user, password)) throw incorrectCredentials();
      if (!user.confirmed) {
        throw new CognitoServiceError('UserNotConfirmedException', 'User is not confirmed.');
      }
      return { AuthenticationResult: pool.startSession(user, clientId), ChallengeParameters: {} };
    }
    case 'USER_AUTH':
      return startUserAuth(pool, parameters, clientId);
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN':
      // Cognito makes an app client drop ALLOW_REFRESH_TOKEN_AUTH to turn rotation on, so a rotating
      // client refuses the flow as a disabled one; the wording follows its "USER_PASSWORD_AUTH flow
      // not enabled for this client" (for this flow unverified).
      if (pool.rotates(clientId)) {
        throw new CognitoServiceError(
          'InvalidParameterException',
          'REFRESH_TOKEN_AUTH flow not enabled for this client',
        );
      }
      return {
        AuthenticationResult: pool.refresh(requireParameter(parameters, 'REFRESH_TOKEN'), clientId),
        ChallengeParameters: {},
      };
    default:
      throw new CognitoServiceError(
        'InvalidParameterException',
        'Initiate Auth method not supported.',
      );
  }
}

export function startSrp(
  pool: UserPool,
  username: string,
  srpA: string,
): PasswordVerifierChallenge {
  if (!/^[0-9a-fA-F]+$/.test(srpA)) {
    throw new CognitoServiceError(
      'InvalidParameterException',
      'SRP_A must be a hexadecimal number.',
    );
  }
  const A = BigInt(`0x${srpA}`);
  const user = pool.store.get(username);
  // An unknown user gets a challenge that looks real and fails at the proof, so InitiateAuth does not
  // reveal who exists (Cognito's "prevent user existence errors", on by default).
  const secret = user ?? {
    username,
    ...createVerifier(
      pool.poolName,
      username,
      FAKE_SALT_SECRET.toString('hex'),
      createHmac('sha256', FAKE_SALT_SECRET)
        .update(username.toLowerCase())
        .digest('hex')
        .slice(0, 32),
    ),
  };
  const ephemeral = createServerEphemeral(secret.verifier);
  const secretBlock = pool.addChallenge({
    user,
    username: secret.username,
    verifier: secret.verifier,
    A,
    ephemeral,
  });
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeParameters: {
      SALT: secret.salt,
      SECRET_BLOCK: secretBlock,
      SRP_B: ephemeral.B.toString(16),
      USERNAME: secret.username,
      USER_ID_FOR_SRP: secret.username,
    },
  };
}
