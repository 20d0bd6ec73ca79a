import { SigningError } from '../../shared/errors.ts';
import type { RefreshPolicy } from './refreshPolicy.ts';

/**
 * Waits for an open page to answer `token-needed`: one broadcast for any number of waiters (to the
 * elected tab, then to every tab if it is silent), a bounded wait, and the answer delivered to all.
 */
export class TokenWaiter {
  /** Broadcasts `token-needed`; `fallOver` asks every tab, not just the elected one. */
  readonly #request: (fallOver: boolean) => void;
  readonly #waitMs: number;
  readonly #fallOverMs: number;
  #wait: Promise<string> | undefined;
  #settle: ((outcome: { token: string } | { error: SigningError }) => void) | undefined;

  constructor(
    request: (fallOver: boolean) => void,
    policy: Pick<RefreshPolicy, 'tokenWaitMs' | 'tokenFallOverMs'>,
  ) {
    this.#request = request;
    this.#waitMs = policy.tokenWaitMs;
    this.#fallOverMs = policy.tokenFallOverMs;
  }

  /** Broadcasts `token-needed` (once for all waiters) and resolves with the page's answer. */
  wait(): Promise<string> {
    this.#wait ??= new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#settle?.({
          error: new SigningError(
            'session-expired',
            'The session has expired and no open page refreshed it; sign in again.',
          ),
        });
      }, this.#waitMs);
      const fallOver = setTimeout(() => this.#request(true), this.#fallOverMs);
      this.#settle = (outcome) => {
        clearTimeout(timer);
        clearTimeout(fallOver);
        if ('token' in outcome) resolve(outcome.token);
        else reject(outcome.error);
      };
      this.#request(false);
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
