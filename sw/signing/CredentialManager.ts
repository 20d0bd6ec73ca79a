import type { SigningConfig } from '../../shared/config.ts';
import { SigningError } from '../../shared/errors.ts';
import { checkIdToken, type IdTokenClaims } from '../../shared/jwt.ts';
import type { SignInResult, StatusResult } from '../../shared/protocol.ts';
import { createIdentityApi } from './createIdentityApi.ts';
import { IdentityError, loginsKey, type IdentityApi } from './IdentityApi.ts';
import { Backoff } from './Backoff.ts';
import { refreshMargins } from './refreshMargins.ts';
import { ServerClock } from './ServerClock.ts';
import { SessionStore, type Credentials, type Session } from './SessionStore.ts';
import { TokenWaiter } from './TokenWaiter.ts';

/** How long a refresh waits for an open page to answer `token-needed` before giving up. */
const TOKEN_WAIT_MS = 10_000;
/** Treat an ID token as expired this long before its `exp`, so Cognito never sees it expire mid-call. */
const TOKEN_EXPIRY_MARGIN_MS = 10_000;

/** Credentials ready to sign with, and whose they are. */
export interface CurrentCredentials {
  credentials: Credentials;
  identityId: string;
}

/** The session as a page may see it. */
export type SessionStatus = Omit<StatusResult, 'pendingWrites'>;

/** Injectable parts of a `CredentialManager`. */
export interface CredentialManagerOptions {
  identity?: IdentityApi;
  store?: SessionStore;
  /** The local clock, epoch milliseconds. */
  now?: () => number;
  /** Asks open pages for a fresh ID token; the answer comes back through `acceptToken`. */
  requestToken?: (fallOver: boolean) => void;
  /** Removes everything kept for a user whose session ends (sign-out or another user's sign-in). */
  clearUserData?: (session: Session) => Promise<void>;
  tokenWaitMs?: number;
  /** How long the elected tab has to answer `token-needed` before every tab is asked. */
  tokenFallOverMs?: number;
}

/**
 * Holds the session and its temporary credentials: memory first, IndexedDB across worker restarts,
 * one Cognito round trip at a time however many requests wait, refreshed before they expire.
 */
export class CredentialManager {
  readonly #config: SigningConfig;
  readonly #identity: IdentityApi;
  readonly #store: SessionStore;
  readonly #clearUserData: (session: Session) => Promise<void>;
  readonly #clock: ServerClock;
  readonly #backoff: Backoff;
  readonly #tokens: TokenWaiter;

  /** `undefined` until loaded from the store; `null` when signed out. */
  #session: Session | null | undefined;
  /**
   * The session's epoch, or the signed-out state's: replaced before any await whenever a session
   * ends or another user's begins, so work started for the old one can tell and never lands.
   */
  #epoch = newEpoch();
  #loading: Promise<void> | undefined;
  /** The refresh in flight, and the epoch it works for: one per epoch. */
  #refreshing: { epoch: string; promise: Promise<CurrentCredentials> } | undefined;
  /** Another user's sign-in in flight: requests made meanwhile wait for it. */
  #signingIn: Promise<unknown> | undefined;
  /** The epoch each set of credentials was issued in, to refuse them once it is over. */
  readonly #issuedIn = new WeakMap<Credentials, string>();

  constructor(config: SigningConfig, options: CredentialManagerOptions = {}) {
    this.#config = config;
    this.#identity = options.identity ?? createIdentityApi(config);
    this.#store = options.store ?? new SessionStore();
    const now = options.now ?? Date.now;
    this.#clearUserData = options.clearUserData ?? (async () => {});
    this.#clock = new ServerClock(now, this.#store);
    this.#backoff = new Backoff(now);
    this.#tokens = new TokenWaiter(
      options.requestToken ?? (() => {}),
      options.tokenWaitMs ?? TOKEN_WAIT_MS,
      options.tokenFallOverMs,
    );
    this.#identity.observeServerTime?.((time) => {
      this.#clock.observe(time).catch(() => {
        // Not stored: the offset still holds for this run, and the next answer tries again.
      });
    });
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
    await this.#ready();
    const claims = this.#checkForSignIn(idToken);
    const previous = this.#session;
    if (previous?.kind === 'user' && previous.sub === claims.sub) {
      return this.#startSession(idToken, claims, previous);
    }
    const epoch = this.#newEpoch();
    const signingIn = (async () => {
      if (previous) await this.#end(previous);
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
    epoch = this.#epoch,
  ): Promise<SignInResult> {
    this.#backoff.reset();
    const logins = this.#logins(idToken);
    let identityId, obtainedAt, issued;
    try {
      identityId = previous?.identityId ?? (await this.#identity.getId(logins));
      obtainedAt = this.serverNow();
      issued = await this.#identity.getCredentials(identityId, logins);
    } catch (error) {
      // Cognito refused the login: if our clock (now set by its answer) says the token has
      // expired, that is the reason to report.
      if (error instanceof IdentityError && error.reason === 'token') this.#check(idToken);
      throw error;
    }
    if (epoch !== this.#epoch) {
      throw new SigningError('not-signed-in', 'Another sign-in or sign-out happened meanwhile.');
    }
    const session: Session = {
      epoch,
      kind: 'user',
      identityId,
      sub: claims.sub,
      username: claims['cognito:username'],
      idToken,
      credentials: { ...issued, obtainedAt },
    };
    this.#hold(session);
    await this.#store.save(session);
    this.#tokens.deliver(idToken);
    return { identityId, expiration: issued.expiration };
  }

  /** Takes a refreshed ID token for the signed-in user (the answer to `token-needed`). */
  async acceptToken(idToken: string): Promise<SignInResult> {
    await this.#ready();
    const claims = this.#check(idToken);
    const session = this.#session;
    if (session?.kind !== 'user') throw new SigningError('not-signed-in', 'Nobody is signed in.');
    if (session.sub !== claims.sub) {
      throw new SigningError(
        'user-mismatch',
        'The token is for another user; send sign-in instead.',
      );
    }
    await this.#save({ ...session, idToken }, session.epoch);
    this.#tokens.deliver(idToken);
    return { identityId: session.identityId, expiration: session.credentials?.expiration ?? 0 };
  }

  /** Ends the session: memory, IndexedDB and, through `clearUserData`, everything cached for the user. */
  async signOut(): Promise<void> {
    await this.#ready();
    const previous = this.#session;
    this.#newEpoch();
    if (previous) await this.#end(previous);
  }

  /**
   * Ends a user's session whose ID token no page can renew (the answer `no-token` to an outstanding
   * `token-needed`); requests waiting for a token get `session-expired` at once. Resolves true if
   * a session ended; a late answer (after a new sign-in, or once the wait is over) ends nothing.
   */
  async endExpiredSession(): Promise<boolean> {
    await this.#ready();
    const previous = this.#session;
    if (previous?.kind !== 'user' || !this.#tokens.waiting) return false;
    this.#newEpoch(new SigningError('session-expired', 'The session has expired; sign in again.'));
    await this.#end(previous);
    return true;
  }

  /** Who is signed in, without secrets. */
  async status(): Promise<SessionStatus> {
    await this.#ready();
    const session = this.#session ?? null;
    return {
      signedIn: session?.kind === 'user',
      identityId: session?.identityId,
      username: session?.username,
      expiration: session?.credentials?.expiration,
      clockOffsetMs: this.#clock.offsetMs,
    };
  }

  /** Credentials valid beyond the refresh margin: from memory when possible, else one shared refresh. */
  async get(): Promise<CurrentCredentials> {
    if (this.#session === undefined) await this.#ready();
    // Signed out while another user's sign-in runs: that user's credentials are moments away.
    if (!this.#session && this.#signingIn) await this.#signingIn.catch(() => {});
    const session = this.#session;
    const credentials = session?.credentials;
    if (session && credentials) {
      const left = credentials.expiration - this.serverNow();
      const margins = refreshMargins(credentials.expiration - credentials.obtainedAt);
      if (left > margins.hard) {
        if (left <= margins.soft && !this.#backoff.pausing) {
          // Early, in the background: requests keep signing with the current credentials.
          this.#refresh().catch(() => {});
        }
        return { credentials, identityId: session.identityId };
      }
    }
    try {
      return await this.#refresh();
    } catch (error) {
      // Cognito is failing but the old credentials have not expired yet: better late than never.
      if (
        session &&
        credentials &&
        session === this.#session &&
        credentials.expiration > this.serverNow()
      ) {
        return { credentials, identityId: session.identityId };
      }
      throw error;
    }
  }

  /** Drops credentials AWS refused (expired or invalid token) and gets new ones, once for all callers. */
  async replace(refused: Credentials): Promise<CurrentCredentials> {
    await this.#ready();
    if (!this.isCurrent(refused)) {
      throw new SigningError('not-signed-in', 'The session these credentials were for has ended.');
    }
    const session = this.#session;
    if (session?.credentials && session.credentials.accessKeyId !== refused.accessKeyId) {
      return { credentials: session.credentials, identityId: session.identityId };
    }
    if (!this.#refreshing && session) this.#session = { ...session, credentials: undefined };
    return this.#refresh();
  }

  /** Whether credentials were issued for the session that is current now (not one since ended). */
  isCurrent(credentials: Credentials): boolean {
    return this.#issuedIn.get(credentials) === this.#epoch;
  }

  #refresh(): Promise<CurrentCredentials> {
    const epoch = this.#epoch;
    if (this.#refreshing?.epoch === epoch) return this.#refreshing.promise;
    const refreshing = {
      epoch,
      promise: this.#obtain(epoch).finally(() => {
        // Only our own bookkeeping: a newer epoch's refresh may be running by now.
        if (this.#refreshing === refreshing) this.#refreshing = undefined;
      }),
    };
    this.#refreshing = refreshing;
    return refreshing.promise;
  }

  async #obtain(epoch: string): Promise<CurrentCredentials> {
    const session = this.#session ?? null;
    if (!session && !this.#config.guestAccess) {
      throw new SigningError(
        'not-signed-in',
        'Nobody is signed in; sign in before calling the API.',
      );
    }
    this.#backoff.check();
    let identityId = session?.identityId;
    let credentials: Credentials;
    try {
      let logins = session?.kind === 'user' ? this.#logins(await this.#liveToken(session)) : {};
      identityId ??= await this.#identity.getId(logins);
      const obtainedAt = this.serverNow();
      try {
        credentials = { ...(await this.#identity.getCredentials(identityId, logins)), obtainedAt };
      } catch (error) {
        // One recovery per cause: a token Cognito calls expired, or an identity it no longer knows.
        if (!(error instanceof IdentityError)) throw error;
        if (error.reason === 'token' && session?.kind === 'user') {
          logins = this.#logins(await this.#tokens.wait());
        } else if (error.reason === 'identity') {
          identityId = await this.#identity.getId(logins);
        } else {
          throw error;
        }
        credentials = { ...(await this.#identity.getCredentials(identityId, logins)), obtainedAt };
      }
    } catch (error) {
      if (error instanceof IdentityError && error.reason === 'unavailable')
        this.#backoff.fail(error);
      throw error;
    }
    if (epoch !== this.#epoch) {
      // The same user signed in again meanwhile: wait for that session's credentials instead.
      // Anyone else (or nobody) now: this request was the old session's, so it must not be signed.
      if (this.#session?.identityId === identityId) return this.get();
      throw new SigningError(
        'not-signed-in',
        'The session ended while credentials were being refreshed.',
      );
    }
    this.#backoff.reset();
    // Re-read: a `token` message may have replaced the ID token while we waited on Cognito. In
    // this epoch the session can only be the one we refreshed, or none yet when we started a guest's.
    const current = this.#session ?? null;
    const next: Session = current
      ? { ...current, identityId, credentials }
      : { epoch, kind: 'guest', identityId, credentials };
    await this.#save(next, current && epoch);
    return { credentials, identityId };
  }

  /** The session's ID token if it is still good, else a fresh one from an open page. */
  async #liveToken(session: Session): Promise<string> {
    const token = session.idToken;
    if (token) {
      const claims = this.#check(token, false);
      const lifetime = (claims.exp - (claims.iat ?? claims.exp)) * 1000;
      const margin = Math.min(TOKEN_EXPIRY_MARGIN_MS, lifetime / 6);
      if (claims.exp * 1000 - margin > this.serverNow()) return token;
    }
    return this.#tokens.wait();
  }

  /**
   * Checks a token for sign-in. One that looks expired is refused here only if AWS has told this
   * worker run its time; otherwise Cognito judges it, and its answer sets our clock: a device clock
   * hours off must not lock the user out.
   */
  #checkForSignIn(idToken: string): IdTokenClaims {
    try {
      return this.#check(idToken);
    } catch (error) {
      if (this.#clock.known || !(error instanceof SigningError) || error.code !== 'token-expired') {
        throw error;
      }
      return this.#check(idToken, false);
    }
  }

  #check(idToken: string, checkExpiry = true): IdTokenClaims {
    const expected = {
      region: this.#config.region,
      userPoolId: this.#config.userPoolId,
      clientId: this.#config.userPoolClientId,
    };
    return checkIdToken(idToken, expected, checkExpiry ? this.serverNow() : -Infinity);
  }

  #logins(idToken: string): Record<string, string> {
    return { [loginsKey(this.#config.region, this.#config.userPoolId)]: idToken };
  }

  /** Makes `session` the current one in memory. */
  #hold(session: Session | null): void {
    this.#session = session;
    if (session?.credentials) this.#issuedIn.set(session.credentials, session.epoch);
  }

  /** Updates the session in the store, if it still holds epoch `expected`, then in memory. */
  async #save(session: Session, expected: string | null): Promise<void> {
    const saved = await this.#store.saveIf(session, expected);
    if (session.epoch !== this.#epoch) {
      // Ended while we wrote; the sign-out's own clear runs after our write, so nothing stays.
      throw new SigningError('not-signed-in', 'The session ended while it was being updated.');
    }
    if (saved) return this.#hold(session);
    // Another instance of the worker (a newer version) ended or replaced the session: follow it.
    const stored = await this.#store.load();
    if (session.epoch === this.#epoch) {
      this.#epoch = stored?.epoch ?? newEpoch();
      this.#hold(stored);
    }
    throw new SigningError('not-signed-in', 'The session was ended by another worker.');
  }

  /** Starts a new epoch (a session ends or another begins): nothing of the old one lands any more. */
  #newEpoch(reason?: SigningError): string {
    this.#epoch = newEpoch();
    this.#session = null;
    this.#refreshing = undefined;
    this.#backoff.reset();
    this.#tokens.cancel(
      reason ?? new SigningError('not-signed-in', 'The session ended; sign in again.'),
    );
    return this.#epoch;
  }

  async #end(session: Session): Promise<void> {
    await this.#store.clear();
    await this.#clearUserData(session);
  }

  /**
   * Starts reading the session from IndexedDB now rather than at the first request, so a restarted
   * worker's read overlaps the browser dispatching the request that woke it.
   */
  preload(): void {
    this.#ready().catch(() => {
      // Nobody waits yet; the first request reads again and answers with the error.
    });
  }

  #ready(): Promise<void> {
    this.#loading ??= this.#store.loadState().then(
      ({ session, clockOffsetMs }) => {
        if (this.#session === undefined) {
          if (session) this.#epoch = session.epoch;
          this.#hold(session);
        }
        this.#clock.restore(clockOffsetMs);
      },
      (error: unknown) => {
        this.#loading = undefined;
        throw new SigningError('internal', 'Could not read the session from IndexedDB.', {
          cause: error,
        });
      },
    );
    return this.#loading;
  }
}

function newEpoch(): string {
  return crypto.randomUUID();
}
