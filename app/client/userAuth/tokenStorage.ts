import { createStore, get, set, type UseStore } from 'idb-keyval';
import { parseSnapshot, type SessionSnapshot } from './SessionSnapshot.ts';

/** Where the page keeps the session's tokens, the refresh token included. */
export type TokenStorageKind = 'memory' | 'sessionStorage' | 'localStorage' | 'indexedDB';

/**
 * `indexedDB`: it survives reloads and is shared by every tab like localStorage, and it is
 * transactional across a browser's processes, so the rotated refresh token one tab saved before
 * releasing the refresh lock is exactly what the next tab to hold the lock reads. localStorage
 * gives no such promise (Chromium caches it per renderer and syncs the copies asynchronously).
 * Script on the page can read any of the four; none of them is reachable from another origin.
 */
export const DEFAULT_TOKEN_STORAGE: TokenStorageKind = 'indexedDB';

/** Key (and IndexedDB database) name; a name of its own, apart from the signing worker's database. */
const DEFAULT_KEY = 'sigv4-service-worker:session';
const KINDS: readonly TokenStorageKind[] = [
  'memory',
  'sessionStorage',
  'localStorage',
  'indexedDB',
];

/** A place for the session snapshot; the keeper shares it with other tabs by broadcast as well. */
export interface TokenStorage {
  readonly kind: TokenStorageKind;
  /**
   * Whether a save finished in one tab is what a load started afterwards in any tab returns. When
   * not, the keeper asks the other tabs for newer tokens before it spends a refresh token.
   */
  readonly consistentAcrossTabs: boolean;
  load(): Promise<SessionSnapshot | undefined>;
  save(snapshot: SessionSnapshot): Promise<void>;
}

/** Injectable parts of the storages: the Web Storage object and the IndexedDB store. */
export interface TokenStorageOptions {
  /** Key in Web Storage, and database name in IndexedDB; one per app client is a good choice. */
  key?: string;
  /** Replaces `window.sessionStorage` / `window.localStorage` (tests, or another Storage). */
  webStorage?: Storage;
  /** Replaces the default idb-keyval store (`createStore(key, 'tokens')`). */
  idbStore?: UseStore;
}

/** Makes the token storage of the given kind (`DEFAULT_TOKEN_STORAGE` when absent). */
export function createTokenStorage(
  kind: TokenStorageKind = DEFAULT_TOKEN_STORAGE,
  options: TokenStorageOptions = {},
): TokenStorage {
  if (!KINDS.includes(kind)) {
    throw new TypeError(`storage must be one of ${KINDS.join(', ')}, got "${String(kind)}"`);
  }
  const key = options.key ?? DEFAULT_KEY;
  switch (kind) {
    case 'memory':
      return memoryStorage();
    case 'indexedDB':
      return indexedDbStorage(key, options.idbStore);
    default:
      return webStorage(kind, key, options.webStorage);
  }
}

/** This tab only, gone on reload: other tabs hear of changes by broadcast alone. */
function memoryStorage(): TokenStorage {
  let held: SessionSnapshot | undefined;
  return {
    kind: 'memory',
    consistentAcrossTabs: false,
    load: () => Promise.resolve(held),
    save: (snapshot) => {
      held = snapshot;
      return Promise.resolve();
    },
  };
}

function webStorage(
  kind: 'sessionStorage' | 'localStorage',
  key: string,
  given: Storage | undefined,
): TokenStorage {
  // Looked up on first use, not at creation: the globals may be absent (workers, Node).
  const area = () => {
    const found = given ?? (globalThis as unknown as Record<string, Storage | undefined>)[kind];
    if (!found) throw new TypeError(`${kind} is not available here; pass options.webStorage`);
    return found;
  };
  return {
    kind,
    consistentAcrossTabs: false,
    // Async so that a missing area or a full quota rejects instead of throwing at the caller.
    load: async () => {
      const text = area().getItem(key);
      if (text === null) return undefined;
      try {
        return parseSnapshot(JSON.parse(text));
      } catch {
        // Not ours, or damaged: treated as no session, and replaced by the next save.
        return undefined;
      }
    },
    save: async (snapshot) => {
      area().setItem(key, JSON.stringify(snapshot));
    },
  };
}

function indexedDbStorage(key: string, given: UseStore | undefined): TokenStorage {
  let store = given;
  // Opened on first use so that creating a keeper (or importing this module) touches nothing.
  const db = () => (store ??= createStore(key, 'tokens'));
  return {
    kind: 'indexedDB',
    consistentAcrossTabs: true,
    load: async () => parseSnapshot(await get('snapshot', db())),
    save: (snapshot) => set('snapshot', snapshot, db()),
  };
}
