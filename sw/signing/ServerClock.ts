import type { SessionStore } from './SessionStore.ts';

/**
 * A `Date` header differing from the known offset by less than this is not news: it has
 * one-second resolution and arrives after a network trip, and AWS accepts 5 minutes of skew.
 */
const OBSERVE_TOLERANCE_MS = 5_000;

/** AWS's clock as far as the worker knows it: the local clock plus a learned, stored offset. */
export class ServerClock {
  readonly #now: () => number;
  readonly #store: SessionStore;
  #offsetMs = 0;
  #known = false;

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

  /** Whether AWS has told this worker run its time (else the offset may be stale or a guess). */
  get known(): boolean {
    return this.#known;
  }

  /** Takes the offset stored by an earlier worker run. */
  restore(offsetMs: number): void {
    this.#offsetMs = offsetMs;
  }

  /** Records AWS's current time and keeps the offset for the next worker run. */
  async learn(serverTimeMs: number): Promise<void> {
    this.#known = true;
    this.#offsetMs = serverTimeMs - this.#now();
    await this.#store.saveClockOffset(this.#offsetMs);
  }

  /** Takes AWS's time from an answer's `Date` header, storing it only when it is news. */
  async observe(serverTimeMs: number): Promise<void> {
    const news = Math.abs(serverTimeMs - this.now()) >= OBSERVE_TOLERANCE_MS;
    this.#known = true;
    if (news) await this.learn(serverTimeMs);
  }
}
