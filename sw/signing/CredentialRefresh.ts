import type { SigningConfig } from '../../shared/config.ts';
import { SigningError } from '../../shared/errors.ts';
import { Backoff } from './Backoff.ts';
import { IdentityError, type IdentityApi } from './IdentityApi.ts';
import type { IdTokenRules } from './IdTokenRules.ts';
import { obtainCredentials } from './obtainCredentials.ts';
import { credentialMargins, type RefreshPolicy } from './refreshPolicy.ts';
import type { ServerClock } from './ServerClock.ts';
import type { SessionState } from './SessionState.ts';
import type { Credentials, Session } from './SessionStore.ts';
import type { TokenWaiter } from './TokenWaiter.ts';

/** Credentials ready to sign with, and whose they are. */
export interface CurrentCredentials {
  credentials: Credentials;
  identityId: string;
}

/** What a refresh works with. */
export interface RefreshParts {
  config: SigningConfig;
  policy: RefreshPolicy;
  identity: IdentityApi;
  state: SessionState;
  tokens: IdTokenRules;
  waiter: TokenWaiter;
  clock: ServerClock;
  now: () => number;
  random?: () => number;
  setTimer?: (task: () => void, ms: number) => () => void;
}

const setTimer = (task: () => void, ms: number) => {
  const timer = setTimeout(task, ms);
  return () => clearTimeout(timer);
};

/**
 * When and how the session's credentials are renewed, by the `RefreshPolicy`: in the background
 * inside the soft margin (or when they fall due while idle), blocking inside the hard one, one
 * Cognito exchange at a time, backing off while Cognito fails.
 */
export class CredentialRefresh {
  readonly #parts: RefreshParts;
  readonly #backoff: Backoff;
  /** The refresh in flight, and the epoch it works for: one per epoch. */
  #refreshing: { epoch: string; promise: Promise<CurrentCredentials> } | undefined;
  #cancelIdle = () => {};

  constructor(parts: RefreshParts) {
    this.#parts = parts;
    this.#backoff = new Backoff(parts.now, parts.policy, parts.random);
  }

  /** Forgets refreshes and failures of an epoch that ended. */
  reset(): void {
    this.#refreshing = undefined;
    this.#backoff.reset();
  }

  /** Credentials valid beyond the hard margin: those held when they are, else one shared refresh. */
  async get(): Promise<CurrentCredentials> {
    const session = this.#parts.state.session;
    const credentials = session?.credentials;
    if (session && credentials) {
      const stage = this.#stage(credentials);
      if (stage !== 'expiring') {
        // Early, in the background: requests keep signing with the current credentials.
        if (stage === 'refresh-soon' && !this.#backoff.pausing) this.#refresh().catch(() => {});
        return { credentials, identityId: session.identityId };
      }
    }
    try {
      return await this.#refresh();
    } catch (error) {
      // Cognito is failing but the old credentials have not expired yet: better late than never.
      const stillGood = credentials && credentials.expiration > this.#parts.clock.now();
      if (session && stillGood && session === this.#parts.state.session) {
        return { credentials, identityId: session.identityId };
      }
      throw error;
    }
  }

  /** Drops credentials AWS refused and gets new ones, once for all callers. */
  async replace(refused: Credentials): Promise<CurrentCredentials> {
    const { state } = this.#parts;
    if (state.hasEnded(refused)) {
      throw new SigningError('not-signed-in', 'The session these credentials were for has ended.');
    }
    const session = state.session;
    if (session?.credentials && session.credentials.accessKeyId !== refused.accessKeyId) {
      return { credentials: session.credentials, identityId: session.identityId };
    }
    if (!this.#refreshing && session) state.hold({ ...session, credentials: undefined });
    return this.#refresh();
  }

  /** Plans the refresh of `session`'s credentials for when they fall due, even if no request comes. */
  planIdle(session: Session | null): void {
    this.#cancelIdle();
    const credentials = session?.credentials;
    if (!credentials) return;
    const lifetime = credentials.expiration - credentials.obtainedAt;
    const due = credentials.expiration - credentialMargins(this.#parts.policy, lifetime).soft;
    this.#cancelIdle = (this.#parts.setTimer ?? setTimer)(
      () => {
        const held = this.#parts.state.session;
        if (held?.credentials !== credentials || this.#backoff.pausing) return;
        // Only what needs no page: an ID token that ran out waits for a request to ask for one
        // (`token-needed` is on demand, and a page that has none would end the session).
        const token = held.idToken;
        if (held.kind === 'user' && !(token && this.#parts.tokens.isUsable(token))) return;
        this.#refresh().catch(() => {});
      },
      Math.max(due - this.#parts.clock.now(), 0),
    );
  }

  #stage(credentials: Credentials): 'fresh' | 'refresh-soon' | 'expiring' {
    const left = credentials.expiration - this.#parts.clock.now();
    const lifetime = credentials.expiration - credentials.obtainedAt;
    const margins = credentialMargins(this.#parts.policy, lifetime);
    return left <= margins.hard ? 'expiring' : left <= margins.soft ? 'refresh-soon' : 'fresh';
  }

  #refresh(): Promise<CurrentCredentials> {
    const epoch = this.#parts.state.epoch;
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
    const { state, tokens, waiter } = this.#parts;
    const session = state.session ?? null;
    if (!session && !this.#parts.config.guestAccess) {
      throw new SigningError(
        'not-signed-in',
        'Nobody is signed in; sign in before calling the API.',
      );
    }
    this.#backoff.check();
    let obtained;
    try {
      const user = session?.kind === 'user';
      const token = session?.idToken;
      const liveToken = user && token && tokens.isUsable(token) ? token : undefined;
      obtained = await obtainCredentials({
        identity: this.#parts.identity,
        identityId: session?.identityId,
        logins: user ? tokens.logins(liveToken ?? (await waiter.wait())) : {},
        renewLogins: user ? async () => tokens.logins(await waiter.wait()) : undefined,
        serverNow: () => this.#parts.clock.now(),
      });
    } catch (error) {
      if (error instanceof IdentityError && error.reason === 'unavailable')
        this.#backoff.fail(error);
      throw error;
    }
    const { identityId, credentials } = obtained;
    if (epoch !== state.epoch) {
      // The same user signed in again meanwhile: wait for that session's credentials instead.
      // Anyone else (or nobody) now: this request was the old session's, so it must not be signed.
      if (state.session?.identityId === identityId) return this.get();
      throw new SigningError(
        'not-signed-in',
        'The session ended while credentials were being refreshed.',
      );
    }
    this.#backoff.reset();
    // Re-read: a `token` message may have replaced the ID token while we waited on Cognito. In
    // this epoch the session can only be the one we refreshed, or none yet when we started a guest's.
    const current = state.session ?? null;
    const next: Session = current
      ? { ...current, identityId, credentials }
      : { epoch, kind: 'guest', identityId, credentials };
    await state.save(next, current && epoch);
    return { credentials, identityId };
  }
}
