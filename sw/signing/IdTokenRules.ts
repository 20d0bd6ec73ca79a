import type { SigningConfig } from '../../shared/config.ts';
import { SigningError } from '../../shared/errors.ts';
import { checkIdToken, type IdTokenClaims } from '../../shared/jwt.ts';
import { loginsKey } from './IdentityApi.ts';
import { isIdTokenUsable, type RefreshPolicy } from './refreshPolicy.ts';
import type { ServerClock } from './ServerClock.ts';

/** Which ID tokens the worker takes (the configured pool and app client's, unexpired on AWS's clock). */
export class IdTokenRules {
  readonly #config: SigningConfig;
  readonly #clock: ServerClock;
  readonly #policy: RefreshPolicy;

  constructor(config: SigningConfig, clock: ServerClock, policy: RefreshPolicy) {
    this.#config = config;
    this.#clock = clock;
    this.#policy = policy;
  }

  /** The token's claims; a `SigningError` if it is not this pool's ID token or (optionally) expired. */
  check(idToken: string, checkExpiry = true): IdTokenClaims {
    const expected = {
      region: this.#config.region,
      userPoolId: this.#config.userPoolId,
      clientId: this.#config.userPoolClientId,
    };
    return checkIdToken(idToken, expected, checkExpiry ? this.#clock.now() : -Infinity);
  }

  /**
   * Checks a token for sign-in. One that looks expired is refused here only if AWS has told this
   * worker run its time; otherwise Cognito judges it, and its answer sets our clock: a device clock
   * hours off must not lock the user out.
   */
  checkForSignIn(idToken: string): IdTokenClaims {
    try {
      return this.check(idToken);
    } catch (error) {
      if (this.#clock.known || !(error instanceof SigningError) || error.code !== 'token-expired') {
        throw error;
      }
      return this.check(idToken, false);
    }
  }

  /** Whether the token is still good enough to send to Cognito (its margin before `exp` not reached). */
  isUsable(idToken: string): boolean {
    return isIdTokenUsable(this.#policy, this.check(idToken, false), this.#clock.now());
  }

  /** The Identity Pool `Logins` map for a token. */
  logins(idToken: string): Record<string, string> {
    return { [loginsKey(this.#config.region, this.#config.userPoolId)]: idToken };
  }
}
