import { SigningError } from '../../shared/errors.ts';
import type { ServerClock } from './ServerClock.ts';
import type { Credentials, Session, SessionStore } from './SessionStore.ts';

/** What the session state tells its owner. */
export interface SessionStateHooks {
  /** Tells other instances of the worker that the session changed (its new epoch, or null). */
  announce?: (epoch: string | null) => void;
  /** Removes everything kept for a user whose session ends. */
  clearUserData?: (session: Session) => Promise<void>;
  /** A session (or none) became the current one in memory. */
  onHold?: (session: Session | null) => void;
}

/**
 * The current session in memory, kept in step with IndexedDB, and its epoch: a name replaced before
 * any await whenever a session ends or another user's begins, so work started for the old one can
 * tell and never lands.
 */
export class SessionState {
  readonly #store: SessionStore;
  readonly #clock: ServerClock;
  readonly #hooks: SessionStateHooks;
  /** `undefined` until loaded from the store; `null` when signed out. */
  #session: Session | null | undefined;
  #epoch: string = crypto.randomUUID();
  #loading: Promise<void> | undefined;
  /** The epoch each set of credentials was issued in, to refuse them once it is over. */
  readonly #issuedIn = new WeakMap<Credentials, string>();

  constructor(store: SessionStore, clock: ServerClock, hooks: SessionStateHooks) {
    this.#store = store;
    this.#clock = clock;
    this.#hooks = hooks;
  }

  get session(): Session | null | undefined {
    return this.#session;
  }

  get epoch(): string {
    return this.#epoch;
  }

  /** Whether the session these credentials were issued for has ended. */
  hasEnded(credentials: Credentials): boolean {
    return this.#issuedIn.get(credentials) !== this.#epoch;
  }

  /** Makes `session` the current one in memory. */
  hold(session: Session | null): void {
    this.#session = session;
    if (session?.credentials) this.#issuedIn.set(session.credentials, session.epoch);
    this.#hooks.onHold?.(session);
  }

  /** Stores and holds a new session (a sign-in), telling other worker instances if it is a new user's. */
  async start(session: Session, announce: boolean): Promise<void> {
    this.hold(session);
    await this.#store.save(session);
    if (announce) this.#hooks.announce?.(session.epoch);
  }

  /** Updates the session in the store, if it still holds epoch `expected`, then in memory. */
  async save(session: Session, expected: string | null): Promise<void> {
    const saved = await this.#store.saveIf(session, expected);
    if (session.epoch !== this.#epoch) {
      // Ended while we wrote; the sign-out's own clear runs after our write, so nothing stays.
      throw new SigningError('not-signed-in', 'The session ended while it was being updated.');
    }
    if (saved) return this.hold(session);
    // Another instance of the worker (a newer version) ended or replaced the session: follow it.
    const stored = await this.#store.load();
    if (session.epoch === this.#epoch) {
      this.#epoch = stored?.epoch ?? crypto.randomUUID();
      this.hold(stored);
    }
    throw new SigningError('not-signed-in', 'The session was ended by another worker.');
  }

  /** Starts a new epoch with no session: nothing of the old one lands any more. */
  newEpoch(): string {
    this.#epoch = crypto.randomUUID();
    this.hold(null);
    return this.#epoch;
  }

  /** Deletes a session that ended, and everything kept for it. */
  async end(session: Session): Promise<void> {
    await this.#store.clear();
    this.#hooks.announce?.(null);
    await this.#hooks.clearUserData?.(session);
  }

  /** Forgets what memory holds, so the next `ready` reads the store again (another worker changed it). */
  forget(): void {
    this.#session = undefined;
    this.#loading = undefined;
  }

  /** Reads the session and the clock offset from IndexedDB once (again after `forget`). */
  ready(): Promise<void> {
    this.#loading ??= this.#store.loadState().then(
      ({ session, clockOffsetMs }) => {
        this.#clock.restore(clockOffsetMs);
        if (this.#session === undefined) {
          if (session) this.#epoch = session.epoch;
          this.hold(session);
        }
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
