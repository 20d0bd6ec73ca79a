import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import type { SessionSnapshot } from '../SessionSnapshot.ts';
import {
  createTokenStorage,
  DEFAULT_TOKEN_STORAGE,
  type TokenStorageKind,
} from '../tokenStorage.ts';
import { MemoryWebStorage } from './MemoryWebStorage.ts';

const SIGNED_IN: SessionSnapshot = {
  version: 1_700_000_000_000,
  tokens: { idToken: 'id.token.a', accessToken: 'access.token.a', refreshToken: 'refresh-a' },
  clockOffsetMs: -600_000,
};
const SIGNED_OUT: SessionSnapshot = { version: 1_700_000_000_500 };

let databases = 0;
function storages(kind: TokenStorageKind) {
  // Two "tabs" over one origin's storage: one Web Storage area, one IndexedDB database.
  const webStorage = new MemoryWebStorage();
  const idbStore = createStore(`token-storage-test-${++databases}`, 'tokens');
  return [
    createTokenStorage(kind, { webStorage, idbStore }),
    createTokenStorage(kind, { webStorage, idbStore }),
  ] as const;
}

describe('createTokenStorage', () => {
  it('defaults to IndexedDB, the one storage consistent across tabs', () => {
    expect(DEFAULT_TOKEN_STORAGE).toBe('indexedDB');
    expect(createTokenStorage().consistentAcrossTabs).toBe(true);
  });

  for (const kind of ['memory', 'sessionStorage', 'localStorage', 'indexedDB'] as const) {
    it(`${kind}: loads nothing before the first save, then what was saved, sign-out included`, async () => {
      const [storage] = storages(kind);
      expect(await storage.load()).toBeUndefined();
      await storage.save(SIGNED_IN);
      expect(await storage.load()).toEqual(SIGNED_IN);
      await storage.save(SIGNED_OUT);
      expect(await storage.load()).toEqual(SIGNED_OUT);
    });
  }

  for (const kind of ['localStorage', 'indexedDB'] as const) {
    it(`${kind}: a second tab over the same origin loads what the first saved`, async () => {
      const [first, second] = storages(kind);
      await first.save(SIGNED_IN);
      expect(await second.load()).toEqual(SIGNED_IN);
    });
  }

  it("memory: another tab never sees this tab's tokens", async () => {
    const [first, second] = storages('memory');
    await first.save(SIGNED_IN);
    expect(await second.load()).toBeUndefined();
  });

  it('reads damaged or foreign Web Storage contents as no session', async () => {
    const webStorage = new MemoryWebStorage();
    const storage = createTokenStorage('localStorage', { webStorage, key: 'k' });
    webStorage.setItem('k', '{not json');
    expect(await storage.load()).toBeUndefined();
    webStorage.setItem('k', JSON.stringify({ version: 1, tokens: { idToken: 'only' } }));
    expect(await storage.load()).toBeUndefined();
  });

  it('reads a snapshot without a clock offset (stored by an older version), or with a broken one, as one without', async () => {
    const webStorage = new MemoryWebStorage();
    const storage = createTokenStorage('localStorage', { webStorage, key: 'k' });
    const older: SessionSnapshot = { version: SIGNED_IN.version, tokens: SIGNED_IN.tokens! };
    webStorage.setItem('k', JSON.stringify(older));
    expect(await storage.load()).toEqual(older);
    webStorage.setItem('k', JSON.stringify({ ...older, clockOffsetMs: 'ahead' }));
    expect(await storage.load()).toEqual(older);
  });

  it('refuses an unknown storage kind', () => {
    expect(() => createTokenStorage('cookies' as TokenStorageKind)).toThrow(TypeError);
  });

  it('says so when Web Storage is missing (Node, workers)', async () => {
    await expect(createTokenStorage('sessionStorage').load()).rejects.toThrow(/not available/);
  });
});
