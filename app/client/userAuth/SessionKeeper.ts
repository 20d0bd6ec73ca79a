import { AuthError } from '../auth/AuthError.ts';
import { askOtherTabs, type PendingAsks } from './askOtherTabs.ts';
import { decodeJwtPayload } from '../../../shared/jwt.ts';
import { accessTokenTimes } from './accessTokenTimes.ts';
import { idTokenNeedsRefresh, nearExpiry } from './idTokenNeedsRefresh.ts';
import { learnClockOffset } from './learnClockOffset.ts';
import { refreshTokens, type RefreshConfig, type RefreshOptions } from './refreshTokens.ts';
import { parseSessionMessage, type SessionChannel, type SessionMessage } from './SessionChannel.ts';
import { checkSessionTokens } from './checkSessionTokens.ts';
import { countOtherTabs, defaultLocks, holdPresence, type SessionLocks } from './SessionLocks.ts';
import { isNewer, type SessionSnapshot, type SessionTokens } from './SessionSnapshot.ts';
import { createTokenStorage, type TokenStorage } from './tokenStorage.ts';

/** Names the lock, the channel and (by default) the storage key: one session per name and origin. */
const DEFAULT_NAME = 'sigv4-service-worker:session';

/** Told of every change of the session: new tokens, or undefined once signed out. */
export type SessionListener = (tokens: SessionTokens | undefined) => void;

/** How `freshIdToken` may answer. */
export interface FreshIdTokenOptions {
  /**
   * Spend the refresh token even though the ID token is still good (new claims, say), unless
   * another tab replaced the tokens meanwhile: then its tokens are the answer.
   */
  force?: boolean;
}

/** Settings and injectable parts of a `SessionKeeper`. */
export interface SessionKeeperOptions {
  /** The app client and endpoint the refresh token belongs to. */
  config: RefreshConfig;
  /** Lock, channel and default storage key; keepers of one session in every tab share it. */
  name?: string;
  /** Where the snapshot lives (`createTokenStorage()`: IndexedDB, by default). */
  storage?: TokenStorage;
  /** `navigator.locks` by default. */
  locks?: SessionLocks;
  /** `new BroadcastChannel(name)` by default. */
  channel?: SessionChannel;
  /**
   * This device's clock, epoch milliseconds; `Date.now` by default. It may be minutes off: expiry
   * is judged on Cognito's clock, estimated as this plus the offset learnt when the tokens arrived.
   */
  now?: () => number;
  /** Passed to `refreshTokens` (its `fetch`, memo and timeout). */
  refresh?: RefreshOptions;
}

/**
 * Holds one tab's view of the session's tokens and keeps every tab of the origin on the same
 * refresh token: one refresh at a time across tabs, its result stored and broadcast before the
 * lock is released.
 */
export class SessionKeeper {
  /** Resolves once the stored session (if any) has been read. */
  readonly ready: Promise<void>;
  readonly #config: RefreshConfig;
  readonly #name: string;
  readonly #storage: TokenStorage;
  readonly #locks: SessionLocks;
  readonly #channel: SessionChannel;
  readonly #now: () => number;
  readonly #refreshOptions: RefreshOptions;
  readonly #listeners = new Set<SessionListener>();
  /** Answers awaited for this tab's `ask`s, by id. */
  readonly #asking: PendingAsks = new Map();
  #snapshot: SessionSnapshot | undefined;
  /** A sign-out in this tab waits for the lock: until it is written, no tokens are taken in. */
  #leaving = 0;
  #refreshing: Promise<string> | undefined;
  #forcing: Promise<string> | undefined;
  #releasePresence: (() => void) | undefined;
  #closed = false;

  constructor(options: SessionKeeperOptions) {
    if (!options?.config?.userPoolClientId) {
      throw new TypeError('config.userPoolClientId is a required option');
    }
    this.#config = options.config;
    this.#name = options.name ?? DEFAULT_NAME;
    this.#storage = options.storage ?? createTokenStorage(undefined, { key: this.#name });
    this.#locks = options.locks ?? defaultLocks();
    this.#channel = options.channel ?? new BroadcastChannel(this.#name);
    this.#now = options.now ?? Date.now;
    this.#refreshOptions = options.refresh ?? {};
    this.#channel.addEventListener('message', (event) => this.#hear(event.data));
    // Only where the lock holder must ask the other tabs does it need to count them.
    if (!this.#storage.consistentAcrossTabs) {
      this.#releasePresence = holdPresence(this.#locks, this.#presencePrefix);
    }
    this.ready = this.#storage.load().then((stored) => this.#adopt(stored));
    // Whoever awaits `ready` (every method does) sees a failed load; nobody else must.
    this.ready.catch(() => {});
  }

  /** The tokens this tab holds, or undefined when signed out. */
  current(): SessionTokens | undefined {
    return this.#leaving > 0 ? undefined : this.#snapshot?.tokens;
  }

  /** Calls `listener` on every change of the session, in this tab or another; returns its removal. */
  subscribe(listener: SessionListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /**
   * When the first of the held ID and access tokens expires, on this device's clock (its `exp`
   * less the learnt clock offset), or undefined when signed out.
   */
  expiresAt(): number | undefined {
    const tokens = this.current();
    if (!tokens) return undefined;
    let exp = 0;
    try {
      exp = decodeJwtPayload(tokens.idToken).exp;
    } catch {
      // A stored ID token that is not a JWT: reported as long expired.
    }
    exp = Math.min(exp, accessTokenTimes(tokens.accessToken)?.exp ?? Infinity);
    return exp * 1000 - (this.#snapshot?.clockOffsetMs ?? 0);
  }

  /**
   * Starts a session with the tokens of a sign-in, in every tab. `sentAt` is when the request that
   * brought them was sent, on this device's clock (by default now: call this as they arrive).
   */
  async signIn(tokens: SessionTokens, sentAt = this.#now()): Promise<void> {
    const checked = checkSessionTokens(tokens);
    const clockOffsetMs = learnClockOffset(checked.idToken, sentAt);
    await this.ready;
    await this.#locks.request(this.#lockName, async () => {
      await this.#catchUp();
      await this.#publish({ version: this.#nextVersion(), tokens: checked, clockOffsetMs });
    });
  }

  /**
   * Ends the session in every tab (the tokens are forgotten, not revoked); resolves with the
   * tokens it ended, the newest any tab held, so that the caller can revoke them.
   */
  async signOut(): Promise<SessionTokens | undefined> {
    const wasSignedIn = this.current() !== undefined;
    this.#leaving += 1;
    if (wasSignedIn) this.#notify();
    try {
      await this.ready;
      return await this.#locks.request(this.#lockName, async () => {
        await this.#catchUp();
        const ended = this.#snapshot?.tokens;
        await this.#publish({ version: this.#nextVersion() });
        return ended;
      });
    } finally {
      this.#leaving -= 1;
    }
  }

  /**
   * A usable ID token: the one held while it is outside its margin of expiry, else one from
   * another tab's refresh or, failing that, from spending the refresh token (one tab at a time).
   * With `force`, new tokens in any case (see `FreshIdTokenOptions`); concurrent forced calls in
   * this tab share one refresh, and so do those of tabs forcing at once.
   * An `AuthError`: `not-signed-in` when there is no session or Cognito ended it (every tab is then
   * signed out), `network` and the like when the session is intact and a later call may succeed.
   */
  async freshIdToken(options: FreshIdTokenOptions = {}): Promise<string> {
    await this.ready;
    // A tab that slept may have missed broadcasts (a refresh, a sign-out, another user's sign-in):
    // one read, no lock, so it never hands out a token of a session that has moved on.
    this.#adopt(await this.#storage.load());
    if (options.force) {
      // Tokens of a later version than this one came after the call: they are as new as asked for.
      const called = this.#snapshot?.version ?? -Infinity;
      this.#forcing ??= this.#locks
        .request(this.#lockName, () => this.#refreshHoldingLock(called))
        .finally(() => (this.#forcing = undefined));
      return this.#forcing;
    }
    const tokens = this.current();
    if (tokens && !this.#needsRefresh(tokens)) return tokens.idToken;
    this.#refreshing ??= this.#locks
      .request(this.#lockName, () => this.#refreshHoldingLock())
      .finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  /** Stops listening to other tabs; the stored session stays. */
  close(): void {
    this.#closed = true;
    this.#channel.close();
    this.#releasePresence?.();
  }

  get #lockName(): string {
    return `${this.#name}:refresh`;
  }

  get #presencePrefix(): string {
    return `${this.#name}:tab:`;
  }

  /** Refreshes unless the tokens held (after catching up) will do: good, and newer than `newerThan` if given. */
  async #refreshHoldingLock(newerThan?: number): Promise<string> {
    // Another tab may have refreshed while this one waited for the lock, or slept: its tokens are
    // in storage, and the refresh token held here may already be rotated out.
    await this.#catchUp();
    const tokens = this.#held();
    const replaced = newerThan === undefined || this.#snapshot!.version > newerThan;
    if (replaced && !this.#needsRefresh(tokens)) return tokens.idToken;
    const sentAt = this.#now();
    let refreshed;
    try {
      refreshed = await refreshTokens(tokens.refreshToken, this.#config, this.#refreshOptions);
    } catch (error) {
      // Cognito refused the token for good: the session is over in every tab. Anything else
      // (network, throttling) leaves it as it is, for a later call to try again.
      if (error instanceof AuthError && error.code === 'not-signed-in') {
        await this.#publish({ version: this.#nextVersion() });
      }
      throw error;
    }
    if (this.#leaving > 0) throw signedOut();
    const { idToken, accessToken, refreshToken } = refreshed;
    await this.#publish({
      version: this.#nextVersion(),
      tokens: { idToken, accessToken, refreshToken },
      clockOffsetMs: learnClockOffset(idToken, sentAt),
    });
    return idToken;
  }

  /**
   * Whether the ID token held, or the access token (when it is a JWT: Cognito may give it a
   * shorter lifetime), is within its margin of expiry on Cognito's clock as estimated here.
   */
  #needsRefresh(tokens: SessionTokens): boolean {
    const cognitoNow = this.#now() + (this.#snapshot?.clockOffsetMs ?? 0);
    const access = accessTokenTimes(tokens.accessToken);
    return (
      idTokenNeedsRefresh(tokens.idToken, cognitoNow) ||
      (access !== undefined && nearExpiry(access, cognitoNow))
    );
  }

  /** The tokens held, or a `not-signed-in` AuthError. */
  #held(): SessionTokens {
    const tokens = this.current();
    if (!tokens) throw signedOut();
    return tokens;
  }

  /** Takes in the newest state the storage (and, where it is not shared reliably, the tabs) know. */
  async #catchUp(): Promise<void> {
    this.#adopt(await this.#storage.load());
    if (this.#storage.consistentAcrossTabs) return;
    const others = await countOtherTabs(this.#locks, this.#presencePrefix);
    for (const snapshot of await askOtherTabs(this.#channel, this.#asking, others)) {
      this.#adopt(snapshot);
    }
  }

  /** Stores, takes in and broadcasts a new state; called holding the lock. */
  async #publish(snapshot: SessionSnapshot): Promise<void> {
    this.#adopt(snapshot);
    try {
      await this.#storage.save(snapshot);
    } finally {
      // Even when the save failed (quota): the other tabs must not spend a rotated-out token.
      this.#post({ type: 'snapshot', snapshot });
    }
  }

  #adopt(snapshot: SessionSnapshot | undefined): void {
    if (!isNewer(snapshot, this.#snapshot)) return;
    this.#snapshot = snapshot;
    this.#notify();
  }

  #notify(): void {
    const tokens = this.current();
    for (const listener of this.#listeners) {
      try {
        listener(tokens);
      } catch (error) {
        // A listener's bug must not stop the new tokens reaching storage and the other tabs (this
        // runs holding the lock); it is reported as an uncaught error is, and the rest still hear.
        reportListenerError(error);
      }
    }
  }

  #hear(data: unknown): void {
    const message = parseSessionMessage(data);
    if (message?.type === 'snapshot') this.#adopt(message.snapshot);
    else if (message?.type === 'ask') {
      this.#post({ type: 'answer', id: message.id, snapshot: this.#snapshot });
    } else if (message?.type === 'answer') this.#asking.get(message.id)?.(message.snapshot);
  }

  /** Broadcasts to the other tabs; a closed keeper has none to tell (and its channel would throw). */
  #post(message: SessionMessage): void {
    if (!this.#closed) this.#channel.postMessage(message);
  }

  /** A version later than any this tab knows, on the clock where possible. */
  #nextVersion(): number {
    return Math.max(Math.floor(this.#now()), (this.#snapshot?.version ?? 0) + 1);
  }
}

/** `reportError` where it exists (browsers), else an uncaught throw on a microtask (Node 20). */
function reportListenerError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (report) report(error);
  else
    queueMicrotask(() => {
      throw error;
    });
}

function signedOut(): AuthError {
  return new AuthError('not-signed-in', 'Nobody is signed in; sign in first.');
}
