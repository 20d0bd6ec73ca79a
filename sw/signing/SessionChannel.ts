import { DB_NAME } from './SessionStore.ts';

/** The BroadcastChannel of the session's changes, named after the session's database. */
const SESSION_CHANNEL = `${DB_NAME}-session`;

/**
 * Where the worker's instances (an active one and an update waiting, or two registrations) tell
 * each other that a session began (its epoch) or ended (null), so none keeps signing for a session
 * another ended until its next IndexedDB read. Silent where BroadcastChannel is missing.
 */
export class SessionChannel {
  readonly #channel =
    typeof BroadcastChannel === 'function' ? new BroadcastChannel(SESSION_CHANNEL) : undefined;

  announce(epoch: string | null): void {
    this.#channel?.postMessage({ epoch });
  }

  /** Calls `follow` with each epoch another instance announces. */
  listen(follow: (epoch: string | null) => void): void {
    if (!this.#channel) return;
    this.#channel.onmessage = ({ data }: MessageEvent<unknown>) => {
      // Any same-origin script may post here; the worst a forged message does is make this
      // instance read the session from IndexedDB again.
      const epoch = (data as { epoch?: unknown } | null)?.epoch;
      if (typeof epoch === 'string' || epoch === null) follow(epoch);
    };
  }
}
