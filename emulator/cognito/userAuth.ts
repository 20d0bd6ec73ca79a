import { randomBytes } from 'node:crypto';
import { CognitoServiceError, incorrectCredentials } from './CognitoServiceError.ts';
import { startEmailOtp, type EmailOtpChallenge } from './emailOtp.ts';
import { requireParameter, startSrp, type PasswordVerifierChallenge } from './initiateAuth.ts';
import type { AuthenticationResult, UserPool } from './UserPool.ts';
import {
  canSignInWithPasskey,
  startWebAuthnChallenge,
  type WebAuthnChallenge,
} from './webAuthnSignIn.ts';

/** Cognito's authentication sessions last 3 minutes unless the app client says otherwise. */
const SESSION_TTL_MS = 3 * 60 * 1000;

/** Bytes of an opaque Session; real ones are long encrypted blobs, opaque to clients either way. */
const SESSION_BYTES = 96;

/** The first-factor challenges this emulator can run (WEB_AUTHN also needs a passkey). */
const CHALLENGES = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'] as const;

/**
 * The challenges offered to `username`: EMAIL_OTP only to a user with an e-mail address. An unknown
 * user is offered everything, so the list does not tell who exists.
 */
function availableChallenges(pool: UserPool, username: string): string[] {
  const user = pool.store.get(username);
  const offered: string[] = CHALLENGES.filter(
    (c) => c !== 'EMAIL_OTP' || !user || user.attributes.email,
  );
  return canSignInWithPasskey(pool, username) ? [...offered, 'WEB_AUTHN'] : offered;
}

/** What choice-based sign-in (USER_AUTH) answers with before tokens. */
export type UserAuthChallenge =
  | {
      ChallengeName: 'SELECT_CHALLENGE';
      AvailableChallenges: string[];
      ChallengeParameters: Record<string, string>;
      Session: string;
    }
  | (PasswordVerifierChallenge & { Session: string })
  | EmailOtpChallenge
  | WebAuthnChallenge
  | { AuthenticationResult: AuthenticationResult; ChallengeParameters: Record<string, string> };

const sessions = new WeakMap<UserPool, Map<string, { username: string; expiresAt: number }>>();

function sessionsOf(pool: UserPool) {
  let map = sessions.get(pool);
  if (!map) sessions.set(pool, (map = new Map()));
  return map;
}

function newSession(pool: UserPool, username: string): string {
  const map = sessionsOf(pool);
  const now = pool.state.now();
  for (const [key, old] of map) if (old.expiresAt < now) map.delete(key);
  const session = randomBytes(SESSION_BYTES).toString('base64');
  map.set(session, { username, expiresAt: now + SESSION_TTL_MS });
  return session;
}

function signInWithPassword(pool: UserPool, username: string, password: string, clientId: string) {
  const user = pool.store.get(username);
  if (!user || !pool.passwordMatches(user, password)) throw incorrectCredentials();
  if (!user.confirmed) {
    throw new CognitoServiceError('UserNotConfirmedException', 'User is not confirmed.');
  }
  return { AuthenticationResult: pool.startSession(user, clientId), ChallengeParameters: {} };
}

function runChallenge(
  pool: UserPool,
  username: string,
  challenge: string,
  parameters: Record<string, string>,
  clientId: string,
): UserAuthChallenge {
  if (challenge === 'WEB_AUTHN') return startWebAuthnChallenge(pool, username);
  if (challenge === 'PASSWORD') {
    return signInWithPassword(pool, username, requireParameter(parameters, 'PASSWORD'), clientId);
  }
  if (challenge === 'EMAIL_OTP') return startEmailOtp(pool, username, clientId);
  const srp = startSrp(pool, username, requireParameter(parameters, 'SRP_A'));
  return { ...srp, Session: newSession(pool, username) };
}

/**
 * InitiateAuth USER_AUTH (choice-based sign-in). Wire shape from the InitiateAuth API reference
 * (AvailableChallenges, Session, PREFERRED_CHALLENGE): an available preference runs at once, anything
 * else gets SELECT_CHALLENGE. Unknown users get the same list, so the answer reveals no one.
 */
export function startUserAuth(
  pool: UserPool,
  parameters: Record<string, string>,
  clientId: string,
): UserAuthChallenge {
  const username = requireParameter(parameters, 'USERNAME');
  const preferred = parameters.PREFERRED_CHALLENGE;
  const available = availableChallenges(pool, username);
  if (preferred && available.includes(preferred)) {
    return runChallenge(pool, username, preferred, parameters, clientId);
  }
  return {
    ChallengeName: 'SELECT_CHALLENGE',
    AvailableChallenges: available,
    ChallengeParameters: {},
    Session: newSession(pool, username),
  };
}

/** RespondToAuthChallenge SELECT_CHALLENGE: ANSWER names the challenge, with PASSWORD or SRP_A. */
export function answerSelectChallenge(
  pool: UserPool,
  responses: Record<string, string>,
  session: string | undefined,
  clientId: string,
): UserAuthChallenge {
  const username = requireParameter(responses, 'USERNAME');
  const answer = requireParameter(responses, 'ANSWER');
  const map = sessionsOf(pool);
  const pending = session === undefined ? undefined : map.get(session);
  if (session !== undefined) map.delete(session);
  if (!pending || pending.expiresAt < pool.state.now()) {
    // Cognito's text for a used, unknown or timed-out authentication session.
    throw new CognitoServiceError(
      'NotAuthorizedException',
      'Invalid session for the user, session is expired.',
    );
  }
  if (pending.username.toLowerCase() !== username.toLowerCase()) throw incorrectCredentials();
  if (!availableChallenges(pool, pending.username).includes(answer)) {
    throw new CognitoServiceError(
      'InvalidParameterException',
      `Challenge ${answer} is not available for this user.`,
    );
  }
  return runChallenge(pool, pending.username, answer, responses, clientId);
}
