import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { CognitoServiceError, incorrectCredentials } from './CognitoServiceError.ts';
import { requireParameter } from './initiateAuth.ts';
import { maskEmail } from './maskEmail.ts';
import type { AuthenticationResult, UserPool } from './UserPool.ts';

/** Digits of a sign-in code: Cognito's passwordless e-mail codes have 8 (its MFA codes have 6). */
const EMAIL_OTP_DIGITS = 8;

/**
 * Answers one Session takes, wrong ones included, before it is spent and the user must start over.
 * Cognito lets a user retype a code a few times; 3 is this emulator's choice (the exact number is not
 * documented, unverified).
 */
export const MAX_EMAIL_OTP_ATTEMPTS = 3;

/** Cognito's authentication sessions last 3 minutes (the app client's default AuthSessionValidity). */
const SESSION_TTL_MS = 3 * 60 * 1000;

/** Bytes of an opaque Session; real ones are long encrypted blobs, opaque to clients either way. */
const SESSION_BYTES = 96;

/** The EMAIL_OTP challenge: where the code went, and the Session that answers it. */
export interface EmailOtpChallenge {
  ChallengeName: 'EMAIL_OTP';
  ChallengeParameters: {
    CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL';
    CODE_DELIVERY_DESTINATION: string;
  };
  Session: string;
}

interface PendingOtp {
  username: string;
  /** The app client the sign-in started at, which alone may answer it. */
  clientId: string;
  /** Undefined for an unknown user: no code was sent, so no answer matches. */
  code: string | undefined;
  codeExpiresAt: number;
  sessionExpiresAt: number;
  attempts: number;
}

const pendingByPool = new WeakMap<UserPool, Map<string, PendingOtp>>();

function pendingOf(pool: UserPool): Map<string, PendingOtp> {
  let map = pendingByPool.get(pool);
  if (!map) pendingByPool.set(pool, (map = new Map()));
  return map;
}

function invalidSession(): CognitoServiceError {
  return new CognitoServiceError('NotAuthorizedException', 'Invalid session for the user.');
}

function newCode(): string {
  return String(randomInt(0, 10 ** EMAIL_OTP_DIGITS)).padStart(EMAIL_OTP_DIGITS, '0');
}

/**
 * Starts EMAIL_OTP: e-mails a fresh code (to the pool's mailbox) and answers the EMAIL_OTP challenge
 * with a new Session. Asking again (a new InitiateAuth) is how a client resends: Cognito has no resend
 * operation for sign-in codes. An unknown user gets the same answer and no code, as Cognito's
 * prevention of user existence errors asks.
 */
export function startEmailOtp(
  pool: UserPool,
  username: string,
  clientId: string,
): EmailOtpChallenge {
  const user = pool.store.get(username);
  if (user && !user.confirmed) {
    throw new CognitoServiceError('UserNotConfirmedException', 'User is not confirmed.');
  }
  const email = user?.attributes.email ?? (username.includes('@') ? username : 'user@example.com');
  const now = pool.state.now();
  const code = user ? newCode() : undefined;
  if (user && code) {
    pool.mailbox.deliver(user.username, { to: email, purpose: 'EMAIL_OTP', code, sentAt: now });
    if (pool.state.settings.log) {
      console.log(`[cognito] EMAIL_OTP sign-in code for "${user.username}": ${code}`);
    }
  }
  const codeTtlMs = pool.state.settings.emailOtpTtlSeconds * 1000;
  const map = pendingOf(pool);
  for (const [key, old] of map) if (old.sessionExpiresAt < now) map.delete(key);
  const Session = randomBytes(SESSION_BYTES).toString('base64');
  map.set(Session, {
    username: user?.username ?? username,
    clientId,
    code,
    codeExpiresAt: now + codeTtlMs,
    sessionExpiresAt: now + Math.max(SESSION_TTL_MS, codeTtlMs),
    attempts: 0,
  });
  return {
    ChallengeName: 'EMAIL_OTP',
    ChallengeParameters: {
      CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL',
      CODE_DELIVERY_DESTINATION: maskEmail(email),
    },
    Session,
  };
}

function codeMatches(expected: string | undefined, given: string): boolean {
  if (expected === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** RespondToAuthChallenge EMAIL_OTP: ChallengeResponses USERNAME and EMAIL_OTP_CODE, with the Session. */
export function answerEmailOtp(
  pool: UserPool,
  responses: Record<string, string>,
  session: string | undefined,
  clientId: string,
): { AuthenticationResult: AuthenticationResult; ChallengeParameters: Record<string, string> } {
  const username = requireParameter(responses, 'USERNAME');
  const given = requireParameter(responses, 'EMAIL_OTP_CODE');
  const map = pendingOf(pool);
  const pending = session === undefined ? undefined : map.get(session);
  if (!pending || session === undefined) throw invalidSession();
  const now = pool.state.now();
  if (pending.sessionExpiresAt < now) {
    map.delete(session);
    // Cognito's text for a timed-out authentication session.
    throw new CognitoServiceError(
      'NotAuthorizedException',
      'Invalid session for the user, session is expired.',
    );
  }
  if (pending.username.toLowerCase() !== username.toLowerCase() || pending.clientId !== clientId) {
    throw invalidSession();
  }
  if (pending.codeExpiresAt < now) {
    map.delete(session);
    // Cognito's ExpiredCodeException text for its other codes; for EMAIL_OTP unverified.
    throw new CognitoServiceError(
      'ExpiredCodeException',
      'Invalid code provided, please request a code again.',
    );
  }
  if (!codeMatches(pending.code, given)) {
    pending.attempts += 1;
    if (pending.attempts >= MAX_EMAIL_OTP_ATTEMPTS) map.delete(session);
    // Cognito's text for a wrong sign-in or MFA code.
    throw new CognitoServiceError(
      'CodeMismatchException',
      'Invalid code or auth state for the user.',
    );
  }
  map.delete(session);
  const user = pool.store.get(pending.username);
  if (!user) throw incorrectCredentials();
  return { AuthenticationResult: pool.startSession(user, clientId), ChallengeParameters: {} };
}
