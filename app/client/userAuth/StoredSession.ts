import { isNewer, type SessionSnapshot } from './SessionSnapshot.ts';
import type { TokenStorage } from './tokenStorage.ts';
import { restoredTokens, type UserAuthTokens } from './tokens.ts';

/** This page's copy of the session's tokens, versioned against a token storage other tabs may share. */
export class StoredSession {
  readonly #storage: TokenStorage;
  readonly #now: () => number;
  readonly #onTokens: ((tokens: UserAuthTokens | undefined) => void) | undefined;
  #tokens: UserAuthTokens | undefined;
  /** The version of the snapshot `#tokens` came from or went to; -1 before anything was read. */
  #version = -1;

  constructor(
    storage: TokenStorage,
    now: () => number,
    onTokens?: (tokens: UserAuthTokens | undefined) => void,
  ) {
    this.#storage = storage;
    this.#now = now;
    this.#onTokens = onTokens;
  }

  /** The tokens as this page last read or kept them. */
  get tokens(): UserAuthTokens | undefined {
    return this.#tokens;
  }

  /** Adopts what storage holds when it is newer than what this page knows (another tab's sign-in, refresh or sign-out). */
  async sync(): Promise<UserAuthTokens | undefined> {
    const stored = await this.#storage.load();
    if (isNewer(stored, { version: this.#version })) {
      this.#version = stored.version;
      this.#tokens = stored.tokens && restoredTokens(stored.tokens);
    }
    return this.#tokens;
  }

  /** Keeps new tokens (or none) here and in storage, under a version above every one seen. */
  async keep(tokens: UserAuthTokens | undefined): Promise<void> {
    this.#version = Math.max(this.#now(), this.#version + 1);
    this.#tokens = tokens;
    const snapshot: SessionSnapshot = { version: this.#version };
    if (tokens) {
      const { idToken, accessToken, refreshToken } = tokens;
      snapshot.tokens = { idToken, accessToken, refreshToken };
    }
    this.#onTokens?.(tokens);
    await this.#storage.save(snapshot);
  }
}
