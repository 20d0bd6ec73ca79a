import type { SessionStore } from './SessionStore.ts';

/** AWS's clock as far as the worker knows it: the local clock plus a learned, stored offset. */
export class ServerClock {
  readonly #now: () => number;
  readonly #store: SessionStore;
  #offsetMs = 0;

  constructor(now: () => number, store: SessionStore) {
    this.#now = now;
    this.#store = store;
  }

  /** Learned difference between AWS's clock and the local one, milliseconds. */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** Now on AWS's clock. */
  now(): number {
    return this.#now() + this.#offsetMs;
  }

  /** Takes the offset stored by an earlier worker run. */
  restore(offsetMs: number): void {
    this.#offsetMs = offsetMs;
  }

  /** Records AWS's current time and keeps the offset for the next worker run. */
  async learn(serverTimeMs: number): Promise<void> {
    this.#offsetMs = serverTimeMs - this.#now();
    await this.#store.saveClockOffset(this.#offsetMs);
  }
}
