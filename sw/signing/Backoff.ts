import { SigningError } from '../../shared/errors.ts';
import { backoffDelay, type RefreshPolicy } from './refreshPolicy.ts';

/** Pauses between attempts at a failing Cognito (the policy's backoff), so failures never turn into a storm. */
export class Backoff {
  readonly #now: () => number;
  readonly #policy: RefreshPolicy;
  readonly #random: () => number;
  #failures = 0;
  #retryAt = 0;
  #lastFailure: SigningError | undefined;

  constructor(now: () => number, policy: RefreshPolicy, random: () => number = Math.random) {
    this.#now = now;
    this.#policy = policy;
    this.#random = random;
  }

  /** Whether a pause is running now. */
  get pausing(): boolean {
    return this.#now() < this.#retryAt;
  }

  /** Throws the last failure while a pause after it runs. */
  check(): void {
    if (this.#lastFailure && this.pausing) throw this.#lastFailure;
  }

  /** Records a failure and starts a (on average) longer pause. */
  fail(error: SigningError): void {
    this.#failures++;
    const { backoffBaseMs, backoffMaxMs } = this.#policy;
    const delay = backoffDelay(this.#failures, backoffBaseMs, backoffMaxMs, this.#random);
    this.#retryAt = this.#now() + delay;
    this.#lastFailure = new SigningError(
      error.code,
      `${error.message} (next attempt in ${Math.ceil(delay / 1000)} s)`,
      { cause: error },
    );
  }

  /** Forgets past failures (a success, or a new session). */
  reset(): void {
    this.#failures = 0;
    this.#retryAt = 0;
    this.#lastFailure = undefined;
  }
}
