import { SigningError } from '../../shared/errors.ts';

/** First pause after Cognito fails; doubles per failure. */
const BACKOFF_BASE_MS = 1_000;
/** Longest pause between attempts: a broken Cognito gets at most one call this often. */
const BACKOFF_MAX_MS = 30_000;

/** Exponential pauses between attempts at a failing Cognito, so failures never turn into a storm. */
export class Backoff {
  readonly #now: () => number;
  #failures = 0;
  #retryAt = 0;
  #lastFailure: SigningError | undefined;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Whether a pause is running now. */
  get pausing(): boolean {
    return this.#now() < this.#retryAt;
  }

  /** Throws the last failure while a pause after it runs. */
  check(): void {
    if (this.#lastFailure && this.pausing) throw this.#lastFailure;
  }

  /** Records a failure and starts a longer pause. */
  fail(error: SigningError): void {
    const delay = Math.min(BACKOFF_BASE_MS * 2 ** this.#failures, BACKOFF_MAX_MS);
    this.#failures++;
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
