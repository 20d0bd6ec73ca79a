import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseApiUrl } from '../../../shared/config.ts';
import { CachedReads } from '../CachedReads.ts';
import { SessionStore } from '../SessionStore.ts';

const API = parseApiUrl('https://api.example.com/dev', 'us-east-1');
const STRICT = { ...API, httpCache: 'no-store' as const };
const NOTES = new URL('https://api.example.com/dev/notes');
let store: SessionStore;
let reads: CachedReads;
let dbCount = 0;

beforeEach(async () => {
  store = new SessionStore(createStore(`reads-${++dbCount}`, 'keyval'));
  reads = new CachedReads(store);
  await reads.ready();
});

/** Waits until the store holds the list (the write is not awaited by `record`). */
async function stored(): Promise<string[]> {
  for (;;) {
    const record = await store.loadCachedReads();
    if (record) return record.urls;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

describe('CachedReads', () => {
  it('reloads the first GET of a URL, then sends it with the mode the app asked for', () => {
    expect(reads.cacheMode(API, 'GET', NOTES, 'id-a', 'default')).toBe('reload');
    reads.record('GET', NOTES, 'id-a');
    expect(reads.cacheMode(API, 'GET', NOTES, 'id-a', 'default')).toBe('default');
    expect(reads.cacheMode(API, 'GET', NOTES, 'id-a', 'force-cache')).toBe('force-cache');
    expect(reads.cacheMode(API, 'HEAD', NOTES, 'id-a', 'no-cache')).toBe('no-cache');
  });

  it('reloads a URL another identity read, and forgets the other identity’s URLs', () => {
    const other = new URL('https://api.example.com/dev/other');
    reads.record('GET', NOTES, 'id-a');
    reads.record('GET', other, 'id-a');
    expect(reads.cacheMode(API, 'GET', NOTES, 'id-b', 'default')).toBe('reload');
    reads.record('GET', NOTES, 'id-b');
    expect(reads.cacheMode(API, 'GET', NOTES, 'id-b', 'default')).toBe('default');
    expect(reads.cacheMode(API, 'GET', other, 'id-a', 'default')).toBe('reload');
  });

  it('never takes a URL as its own after a HEAD, which may leave a cached GET in place', () => {
    reads.record('HEAD', NOTES, 'id-a');
    expect(reads.cacheMode(API, 'GET', NOTES, 'id-a', 'default')).toBe('reload');
  });

  it('keeps no-store reads as they are and never reads the cache through only-if-cached', () => {
    expect(reads.cacheMode(API, 'GET', NOTES, 'id-a', 'no-store')).toBe('no-store');
    expect(reads.cacheMode(API, 'GET', NOTES, 'id-a', 'only-if-cached')).toBe('reload');
    reads.record('GET', NOTES, 'id-a');
    expect(reads.cacheMode(API, 'GET', NOTES, 'id-a', 'only-if-cached')).toBe('force-cache');
  });

  it('sends writes with the app’s mode, which skips no preflight cache unless the app asked', () => {
    expect(reads.cacheMode(API, 'PUT', NOTES, 'id-a', 'default')).toBe('default');
    expect(reads.cacheMode(API, 'POST', NOTES, 'id-a', 'force-cache')).toBe('default');
    expect(reads.cacheMode(API, 'DELETE', NOTES, 'id-a', 'only-if-cached')).toBe('default');
    expect(reads.cacheMode(API, 'PATCH', NOTES, 'id-a', 'no-store')).toBe('no-store');
  });

  it('stores nothing in the HTTP cache for an API set to no-store', () => {
    reads.record('GET', NOTES, 'id-a');
    for (const method of ['GET', 'HEAD', 'PUT']) {
      expect(reads.cacheMode(STRICT, method, NOTES, 'id-a', 'force-cache')).toBe('no-store');
    }
  });

  it('knows its URLs again after a worker restart, and none after the session is cleared', async () => {
    reads.record('GET', NOTES, 'id-a');
    expect(await stored()).toEqual([NOTES.href]);
    const restarted = new CachedReads(store);
    await restarted.ready();
    expect(restarted.cacheMode(API, 'GET', NOTES, 'id-a', 'default')).toBe('default');
    expect(restarted.cacheMode(API, 'GET', NOTES, 'id-b', 'default')).toBe('reload');

    await store.clear();
    restarted.clear();
    expect(restarted.cacheMode(API, 'GET', NOTES, 'id-a', 'default')).toBe('reload');
    const afterSignOut = new CachedReads(store);
    await afterSignOut.ready();
    expect(afterSignOut.cacheMode(API, 'GET', NOTES, 'id-a', 'default')).toBe('reload');
    expect(await store.loadCachedReads()).toBeNull();
  });

  it('forgets the oldest URL past its limit, which then reloads once more', () => {
    const url = (i: number) => new URL(`https://api.example.com/dev/notes/${i}`);
    for (let i = 0; i <= 200; i++) reads.record('GET', url(i), 'id-a');
    expect(reads.cacheMode(API, 'GET', url(0), 'id-a', 'default')).toBe('reload');
    expect(reads.cacheMode(API, 'GET', url(1), 'id-a', 'default')).toBe('default');
    expect(reads.cacheMode(API, 'GET', url(200), 'id-a', 'default')).toBe('default');
  });

  it('aborts the reads in flight when the session ends, and only those', () => {
    const app = new AbortController();
    const first = reads.track(app.signal);
    const finished = reads.track(app.signal);
    finished.done();
    reads.clear();
    expect(first.signal.aborted).toBe(true);
    expect((first.signal.reason as DOMException).name).toBe('AbortError');
    expect(finished.signal.aborted).toBe(false);
    const later = reads.track(app.signal);
    app.abort();
    expect(later.signal.aborted).toBe(true);
  });
});
