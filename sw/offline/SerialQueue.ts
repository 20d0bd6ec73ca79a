/**
 * Runs tasks one at a time per key, in the order they were handed in: an identity's writes (and
 * replay passes) never overlap, so a write cannot overtake one that is still being sent or queued.
 */
export class SerialQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  /** Runs `task` after every task handed in earlier under `key` has settled. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    // A failed task must not stop the ones behind it; its caller gets the failure.
    const result = previous.catch(() => undefined).then(task);
    const tail = result.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }
}
