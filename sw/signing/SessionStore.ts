import { createStore, delMany, get, getMany, set, update, type UseStore } from 'idb-keyval';
import type { AwsCredentials } from './IdentityApi.ts';

/** What `CachedReads` keeps in IndexedDB, so a restarted worker still knows its URLs. */
export interface CachedReadsRecord {
  identityId: string;
  urls: string[];
}

/** Credentials as the worker holds them; times are epoch milliseconds on AWS's clock. */
export interface Credentials extends AwsCredentials {
  /** When they were requested, to scale the refresh margin with their lifetime. */
  obtainedAt: number;
}

/** The signed-in user (or guest) and what the worker holds for them. */
export interface Session {
  /**
   * Names this session; a new one at every sign-in of another user and every sign-out. Work started
   * for one epoch (a refresh, a write to the store) never lands in another.
   */
  epoch: string;
  kind: 'user' | 'guest';
  identityId: string;
  /** The User Pool `sub`; absent for guests. */
  sub?: string;
  username?: string;
  /** The latest ID token; absent for guests. */
  idToken?: string;
  credentials?: Credentials;
}

/** What the store keeps, versioned so an old record is dropped instead of misread. */
interface StoredSession {
  v: typeof RECORD_VERSION | typeof EPOCHLESS_VERSION;
  session: Session;
}

/** Bump when `Session` changes shape; older records are then ignored. */
const RECORD_VERSION = 2;
/** Records from before sessions had epochs: still read, so a worker update keeps the session. */
const EPOCHLESS_VERSION = 1;
const EPOCHLESS_EPOCH = 'v1';
const SESSION_KEY = 'session';
const CLOCK_KEY = 'clock-offset';
const CACHED_READS_KEY = 'cached-reads';
/** The stored session, if the record is of this version and names its epoch. */
function current(record: StoredSession | undefined): Session | null {
  if (record?.v === EPOCHLESS_VERSION) return { ...record.session, epoch: EPOCHLESS_EPOCH };
  return record?.v === RECORD_VERSION && typeof record.session.epoch === 'string'
    ? record.session
    : null;
}

/** Database and object store names, private to the signing layer. */
export const DB_NAME = 'sigv4-signing';
const STORE_NAME = 'keyval';

/** The session in IndexedDB (idb-keyval), so it survives the browser stopping the worker. */
export class SessionStore {
  readonly #store: UseStore;

  constructor(store: UseStore = createStore(DB_NAME, STORE_NAME)) {
    this.#store = store;
  }

  async load(): Promise<Session | null> {
    return current(await get<StoredSession>(SESSION_KEY, this.#store));
  }

  /** Stores a new session, replacing whatever is stored (a sign-in). */
  async save(session: Session): Promise<void> {
    await set(SESSION_KEY, { v: RECORD_VERSION, session } satisfies StoredSession, this.#store);
  }

  /**
   * Stores `session` only if the stored one is still of epoch `expected` (`null`: none stored), in
   * one transaction; false when it is not. Two worker versions share this database during an
   * update, and an old one must never write back a session the new one ended.
   */
  async saveIf(session: Session, expected: string | null): Promise<boolean> {
    let saved = false;
    await update<StoredSession | undefined>(
      SESSION_KEY,
      (record) => {
        saved = (current(record)?.epoch ?? null) === expected;
        return saved ? { v: RECORD_VERSION, session } : record;
      },
      this.#store,
    );
    return saved;
  }

  /** Removes the session and what was kept for it (its cached-reads list). */
  async clear(): Promise<void> {
    await delMany([SESSION_KEY, CACHED_READS_KEY], this.#store);
  }

  /** The URLs whose HTTP-cache answers belong to one identity (see `CachedReads`). */
  async loadCachedReads(): Promise<CachedReadsRecord | null> {
    const record = await get<unknown>(CACHED_READS_KEY, this.#store);
    const { identityId, urls } = (record ?? {}) as Partial<CachedReadsRecord>;
    return typeof identityId === 'string' &&
      Array.isArray(urls) &&
      urls.every((url) => typeof url === 'string')
      ? { identityId, urls }
      : null;
  }

  async saveCachedReads(record: CachedReadsRecord): Promise<void> {
    await set(CACHED_READS_KEY, record, this.#store);
  }

  /** The session and the learned clock offset, read in one transaction (a worker's start waits on it). */
  async loadState(): Promise<{ session: Session | null; clockOffsetMs: number }> {
    const [record, offset] = await getMany<unknown>([SESSION_KEY, CLOCK_KEY], this.#store);
    return {
      session: current(record as StoredSession | undefined),
      clockOffsetMs: typeof offset === 'number' && Number.isFinite(offset) ? offset : 0,
    };
  }

  async saveClockOffset(offsetMs: number): Promise<void> {
    await set(CLOCK_KEY, offsetMs, this.#store);
  }
}
