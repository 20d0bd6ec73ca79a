import type { SessionLocks } from '../SessionLocks.ts';

/**
 * Exclusive Web Locks for the "tabs" of one test, in one process: granted first come, first
 * served per name, as `navigator.locks.request` grants them. `onRelease` runs as a lock is let go.
 */
export class InProcessLocks implements SessionLocks {
  /** Called with the lock's name just before the next request for it is granted. */
  onRelease: ((name: string) => Promise<void> | void) | undefined;
  readonly #tails = new Map<string, Promise<void>>();
  readonly #held = new Map<string, number>();

  request<T>(name: string, callback: () => Promise<T>): Promise<T> {
    const before = this.#tails.get(name) ?? Promise.resolve();
    const run = before.then(async () => {
      this.#held.set(name, (this.#held.get(name) ?? 0) + 1);
      try {
        return await callback();
      } finally {
        this.#held.set(name, this.#held.get(name)! - 1);
        await this.onRelease?.(name);
      }
    });
    this.#tails.set(
      name,
      run.then(
        () => undefined,
        () => undefined,
      ),
    );
    return run;
  }

  query(): Promise<{ held: { name: string }[] }> {
    const held = [...this.#held].filter(([, count]) => count > 0).map(([name]) => ({ name }));
    return Promise.resolve({ held });
  }
}
