import type { SigningConfig } from '../../shared/config.ts';
import { SigningError } from '../../shared/errors.ts';
import type { IdTokenClaims } from '../../shared/jwt.ts';
import type { SignInResult, StatusResult } from '../../shared/protocol.ts';
import { CredentialRefresh, type CurrentCredentials } from './CredentialRefresh.ts';
import { createIdentityApi } from './createIdentityApi.ts';
import { IdentityError, type IdentityApi } from './IdentityApi.ts';
import { IdTokenRules } from './IdTokenRules.ts';
import { obtainCredentials } from './obtainCredentials.ts';
import { resolveRefreshPolicy, type RefreshPolicy } from './refreshPolicy.ts';
import { ServerClock } from './ServerClock.ts';
import { SessionState } from './SessionState.ts';
import { SessionStore, type Credentials, type Session } from './SessionStore.ts';
import { TokenWaiter } from './TokenWaiter.ts';

/** Injectable parts of a `CredentialManager` (the layer's internals and tests set them). */
export interface CredentialManagerOptions {
  identity?: IdentityApi;
  store?: SessionStore;
  refreshPolicy?: Partial<RefreshPolicy>;
  /** The local clock, epoch milliseconds. */
  now?: () => number;
  /** Draws the backoff's jitter, in [0, 1). */
  random?: () => number;
  /** Runs `task` after `ms` (the idle refresh); returns a cancel function. */
  setTimer?: (task: () => void, ms: number) => () => void;
  /** Asks open pages for a fresh ID token; the answer comes back through `acceptToken`. */
  requestToken?: (fallOver: boolean) => void;
  /** Removes everything kept for a user whose session ends (sign-out or another user's sign-in). */
  clearUserData?: (session: Session) => Promise<void>;
  /** Tells other instances of the worker that the session changed (its new epoch, or null). */
  announce?: (epoch: string | null) => void;
}

/**
 * Holds the session and its temporary credentials: memory first, IndexedDB across worker restarts,
 * one Cognito round trip at a time however many requests wait, refreshed before they expire (by
 * `RefreshPolicy`), even while no request comes.
 */
export class CredentialManager {
  readonly #identity: IdentityApi;
  readonly #clock: ServerClock;
  readonly #tokens: IdTokenRules;
  readonly #refresh: CredentialRefresh;
  readonly #waiter: TokenWaiter;
  readonly #state: SessionState;
  /** Another user's sign-in in flight: requests made meanwhile wait for it. */
  #signingIn: Promise<unknown> | undefined;

  constructor(config: SigningConfig, options: CredentialManagerOptions = {}) {
    const policy = resolveRefreshPolicy(options.refreshPolicy);
    this.#identity = options.identity ?? createIdentityApi(config, { policy });
    const store = options.store ?? new SessionStore();
    const now = options.now ?? Date.now;
    this.#clock = new ServerClock(now, store);
    this.#tokens = new IdTokenRules(config, this.#clock, policy);
    this.#waiter = new TokenWaiter(options.requestToken ?? (() => {}), policy);
    this.#state = new SessionState(store, this.#clock, {
      announce: options.announce,
      clearUserData: options.clearUserData,
      onHold: (session) => this.#refresh.planIdle(session),
    });
    this.#refresh = new CredentialRefresh({
      ...options,
      config,
      policy,
      identity: this.#identity,
      state: this.#state,
      tokens: this.#tokens,
      waiter: this.#waiter,
      clock: this.#clock,
      now,
    });
    // An offset that could not be stored still holds for this run; the next answer tries again.
    this.#identity.observeServerTime?.((time) => void this.#clock.observe(time).catch(() => {}));
  }

  /** Learned difference between AWS's clock and the local one, milliseconds. */
  get clockOffsetMs(): number {
    return this.#clock.offsetMs;
  }

  /** Now on AWS's clock, as far as we know it. */
  serverNow(): number {
    return this.#clock.now();
  }

  /** Records AWS's current time (from a clock-skew rejection or a Date header). */
  learnServerTime(serverTimeMs: number): Promise<void> {
    return this.#clock.learn(serverTimeMs);
  }

  /** Starts a session from an ID token; another user's sign-in first ends the current session. */
  async signIn(idToken: string): Promise<SignInResult> {
    await this.#state.ready();
    const claims = this.#tokens.checkForSignIn(idToken);
    const previous = this.#state.session;
    if (previous?.kind === 'user' && previous.sub === claims.sub) {
      return this.#startSession(idToken, claims, previous, this.#state.epoch);
    }
    const epoch = this.#newEpoch();
    const signingIn = (async () => {
      if (previous) await this.#state.end(previous);
      return this.#startSession(idToken, claims, null, epoch);
    })();
    this.#signingIn = signingIn;
    try {
      return await signingIn;
    } finally {
      if (this.#signingIn === signingIn) this.#signingIn = undefined;
    }
  }

  /** Gets credentials for a user's ID token and stores the session, unless its epoch ended meanwhile. */
  async #startSession(
    idToken: string,
    claims: IdTokenClaims,
    previous: Session | null,
    epoch: string,
  ): Promise<SignInResult> {
    this.#refresh.reset();
    let obtained;
    try {
      obtained = await obtainCredentials({
        identity: this.#identity,
        identityId: previous?.identityId,
        logins: this.#tokens.logins(idToken),
        serverNow: () => this.serverNow(),
      });
    } catch (error) {
      // Cognito refused the login: if our clock (now set by its answer) says the token has
      // expired, that is the reason to report.
      if (error instanceof IdentityError && error.reason === 'token') this.#tokens.check(idToken);
      throw error;
    }
    if (epoch !== this.#state.epoch) {
      throw new SigningError('not-signed-in', 'Another sign-in or sign-out happened meanwhile.');
    }
    const { identityId, credentials } = obtained;
    const { sub, 'cognito:username': username } = claims;
    const session: Session = {
      epoch,
      kind: 'user',
      identityId,
      sub,
      username,
      idToken,
      credentials,
    };
    await this.#state.start(session, !previous);
    this.#waiter.deliver(idToken);
    return { identityId, expiration: credentials.expiration };
  }

  /** Takes a refreshed ID token for the signed-in user (the answer to `token-needed`). */
  async acceptToken(idToken: string): Promise<SignInResult> {
    await this.#state.ready();
    const claims = this.#tokens.check(idToken);
    const session = this.#state.session;
    if (session?.kind !== 'user') throw new SigningError('not-signed-in', 'Nobody is signed in.');
    if (session.sub !== claims.sub) {
      throw new SigningError('user-mismatch', 'The token is for another user; sign in instead.');
    }
    await this.#state.save({ ...session, idToken }, session.epoch);
    this.#waiter.deliver(idToken);
    return { identityId: session.identityId, expiration: session.credentials?.expiration ?? 0 };
  }

  /** Ends the session: memory, IndexedDB and, through `clearUserData`, everything cached for the user. */
  async signOut(): Promise<void> {
    await this.#state.ready();
    const previous = this.#state.session;
    this.#newEpoch();
    if (previous) await this.#state.end(previous);
  }

  /**
   * Ends a user's session whose ID token no page can renew (the answer `no-token` to an outstanding
   * `token-needed`); requests waiting for a token get `session-expired` at once. Resolves true if
   * a session ended; a late answer (after a new sign-in, or once the wait is over) ends nothing.
   */
  async endExpiredSession(): Promise<boolean> {
    await this.#state.ready();
    const previous = this.#state.session;
    if (previous?.kind !== 'user' || !this.#waiter.waiting) return false;
    this.#newEpoch(new SigningError('session-expired', 'The session has expired; sign in again.'));
    await this.#state.end(previous);
    return true;
  }

  /**
   * Another instance of the worker (an update waiting, a second registration) started or ended a
   * session: drop what this one holds and read the store again at the next use.
   */
  follow(epoch: string | null): void {
    if (epoch === this.#state.epoch || (epoch === null && this.#state.session === null)) return;
    this.#newEpoch(new SigningError('not-signed-in', 'The session was changed by another worker.'));
    this.#state.forget();
  }

  /** Who is signed in, without secrets. */
  async status(): Promise<StatusResult> {
    await this.#state.ready();
    const session = this.#state.session ?? null;
    return {
      signedIn: session?.kind === 'user',
      identityId: session?.identityId,
      username: session?.username,
      expiration: session?.credentials?.expiration,
      clockOffsetMs: this.#clock.offsetMs,
    };
  }

  /** Credentials valid beyond the hard margin: from memory when possible, else one shared refresh. */
  async get(): Promise<CurrentCredentials> {
    if (this.#state.session === undefined) await this.#state.ready();
    // Signed out while another user's sign-in runs: that user's credentials are moments away.
    if (!this.#state.session && this.#signingIn) await this.#signingIn.catch(() => {});
    return this.#refresh.get();
  }

  /** Drops credentials AWS refused (expired or invalid token) and gets new ones, once for all callers. */
  async replace(refused: Credentials): Promise<CurrentCredentials> {
    await this.#state.ready();
    return this.#refresh.replace(refused);
  }

  /** Whether the session these credentials were issued for has ended (signed out, or another user's). */
  hasEnded(credentials: Credentials): boolean {
    return this.#state.hasEnded(credentials);
  }

  /** Starts a new epoch (a session ends or another begins): nothing of the old one lands any more. */
  #newEpoch(reason = new SigningError('not-signed-in', 'The session ended; sign in again.')) {
    this.#refresh.reset();
    this.#waiter.cancel(reason);
    return this.#state.newEpoch();
  }

  /**
   * Starts reading the session from IndexedDB now rather than at the first request, so a restarted
   * worker's read overlaps the browser dispatching the request that woke it.
   */
  preload(): void {
    this.#state.ready().catch(() => {
      // Nobody waits yet; the first request reads again and answers with the error.
    });
  }
}
