/**
 * When the worker refreshes credentials, how long it waits for pages and for Cognito, and how it
 * backs off: every timing of the credential lifecycle, in one place. Pass a partial one as
 * `installSigning(config, { refreshPolicy })`; the rest keeps the defaults below.
 */
export interface RefreshPolicy {
  /** Refresh in the background once less than this share of the credentials' lifetime is left… */
  softShare: number;
  /** …but never earlier than this before expiry (an hour-long credential refreshes 5 min early). */
  softCapMs: number;
  /** Make requests wait for a refresh once less than this share is left… */
  hardShare: number;
  /** …capped, so an hour-long credential is used until a minute before it expires. */
  hardCapMs: number;
  /** Treat an ID token as expired this long before its `exp` (at most a sixth of its lifetime). */
  idTokenMarginMs: number;
  /** How long a refresh waits for an open page to answer `token-needed`. */
  tokenWaitMs: number;
  /** How long the elected tab has to answer before every tab is asked. */
  tokenFallOverMs: number;
  /** Each Cognito Identity call gives up after this long. */
  identityTimeoutMs: number;
  /** Attempts per Cognito Identity call; only transient failures are tried again. */
  identityAttempts: number;
  /** Pause before another attempt at a Cognito Identity call (full jitter, so up to this). */
  identityRetryDelayMs: number;
  /** First pause after a failed refresh; doubles per failure (full jitter)… */
  backoffBaseMs: number;
  /** …up to this, so a broken Cognito gets at most one call this often. */
  backoffMaxMs: number;
}

/** The defaults, each with why. */
export const DEFAULT_REFRESH_POLICY: Readonly<RefreshPolicy> = Object.freeze({
  // Real credentials last an hour; emulators and tests issue ones of seconds: margins scale.
  softShare: 1 / 4,
  softCapMs: 5 * 60_000,
  // Room for clock drift and one slow round trip.
  hardShare: 1 / 12,
  hardCapMs: 60_000,
  // So Cognito never sees a token expire in the middle of a call.
  idTokenMarginMs: 10_000,
  // A page's refresh with the refresh token takes well under a second; a frozen tab must not
  // cost the whole wait, and a request should not hang much longer than a slow API would.
  tokenWaitMs: 10_000,
  tokenFallOverMs: 3_000,
  // Cognito answers in tens of milliseconds; a hanging one must not hang requests.
  identityTimeoutMs: 8_000,
  // One retry rides out a dropped connection; the backoff below covers longer outages.
  identityAttempts: 2,
  identityRetryDelayMs: 200,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
});

/** The policy with `overrides` applied; a negative, non-finite or misordered value is a `TypeError`. */
export function resolveRefreshPolicy(overrides: Partial<RefreshPolicy> = {}): RefreshPolicy {
  const policy = { ...DEFAULT_REFRESH_POLICY, ...overrides };
  for (const [name, value] of Object.entries(policy)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new TypeError(`refreshPolicy.${name} must be a finite number ≥ 0, not ${value}.`);
    }
  }
  if (policy.softShare > 1 || policy.hardShare > policy.softShare) {
    throw new TypeError('refreshPolicy needs 0 ≤ hardShare ≤ softShare ≤ 1.');
  }
  if (policy.identityAttempts < 1) {
    throw new TypeError('refreshPolicy.identityAttempts must be at least 1.');
  }
  return policy;
}

/** Where credentials of a lifetime stand: `soft`/`hard` milliseconds before expiry (see above). */
export function credentialMargins(
  policy: RefreshPolicy,
  lifetimeMs: number,
): { soft: number; hard: number } {
  const lifetime = Math.max(0, lifetimeMs);
  return {
    soft: Math.min(lifetime * policy.softShare, policy.softCapMs),
    hard: Math.min(lifetime * policy.hardShare, policy.hardCapMs),
  };
}

/** Whether an ID token issued at `iat` and expiring at `exp` (seconds) is still good to send at `nowMs`. */
export function isIdTokenUsable(
  policy: RefreshPolicy,
  claims: { exp: number; iat?: number },
  nowMs: number,
): boolean {
  const lifetime = (claims.exp - (claims.iat ?? claims.exp)) * 1000;
  return claims.exp * 1000 - Math.min(policy.idTokenMarginMs, lifetime / 6) > nowMs;
}

/**
 * Exponential backoff with full jitter (a uniform pick below the doubled cap), so many clients that
 * failed together do not retry together: the pause after the `failures`-th failure.
 */
export function backoffDelay(
  failures: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(baseMs * 2 ** Math.max(failures - 1, 0), maxMs);
  return Math.round(random() * ceiling);
}
