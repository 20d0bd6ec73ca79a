import { SigningError } from '../../shared/errors.ts';

/**
 * Waits for an open page to answer `token-needed`: one broadcast for any number of waiters,
 * a bounded wait, and the answer delivered to all of them.
 */
export class TokenWaiter {
  readonly #request: () => void;
  readonly #waitMs: number;
  #wait: Promise<string> | undefined;
  #settle: ((outcome: { token: string } | { error: SigningError }) => void) | undefined;

  constructor(request: () => void, waitMs: number) {
    this.#request = request;
    this.#waitMs = waitMs;
  }

  /** Broadcasts `token-needed` (once for all waiters) and resolves with the page's answer. */
  wait(): Promise<string> {
    this.#wait ??= new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new SigningError(
            'session-expired',
            'The session has expired and no open page refreshed it; sign in again.',
          ),
        );
      }, this.#waitMs);
      this.#settle = (outcome) => {
        clearTimeout(timer);
        if ('token' in outcome) resolve(outcome.token);
        else reject(outcome.error);
      };
      this.#request();
    }).finally(() => {
      this.#wait = undefined;
      this.#settle = undefined;
    });
    return this.#wait;
  }

  /** Whether a `token-needed` is waiting for its answer. */
  get waiting(): boolean {
    return this.#wait !== undefined;
  }

  /** Fails everyone waiting with `error`, at once (the session ended, or no page has a token). */
  cancel(error: SigningError): void {
    this.#settle?.({ error });
  }

  /** Hands a fresh ID token to everyone waiting, if anyone is. */
  deliver(token: string): void {
    this.#settle?.({ token });
  }
}
