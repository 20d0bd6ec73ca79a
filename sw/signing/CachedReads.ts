import type { SignedApi } from '../../shared/config.ts';
import type { SessionStore } from './SessionStore.ts';

/**
 * URLs remembered per identity; past this the oldest is forgotten, and its next read costs one
 * `reload` (and so one CORS preflight). Enough for an app's working set of GET URLs, small enough
 * that rewriting the list in IndexedDB on each new URL stays cheap.
 */
const CACHED_READS_LIMIT = 200;

/**
 * Keeps one identity's answers apart from another's in the browser's HTTP cache without paying a
 * CORS preflight per request.
 *
 * The HTTP cache is keyed by URL, not by who signed, and a worker cannot clear it at sign-out; a
 * request with a cache mode other than `default` skips the CORS preflight cache (Chromium for
 * `no-store`, `reload` and `no-cache`, Firefox for `no-store` and `reload`). So a read goes out as
 * the app asked only when its URL is known to hold nothing of another identity: one this identity
 * has read itself with `reload` or later, in this session. Any other read goes out with `reload`,
 * which bypasses the cached answer and replaces it (Chromium dooms the old entry before it writes),
 * and also keeps the preflight's answer for the next requests. So the first read of a URL per
 * session pays a preflight, as it would in the page, and the rest pay none.
 *
 * Only a GET's answer makes its URL this identity's: a HEAD may not replace a cached GET. The list
 * is cleared when the session ends (`clear`), and keyed by identity besides, so another worker
 * instance's session never reads it as its own; reads still in flight then are aborted, so no
 * answer of the old session lands in the cache after the next one's `reload`.
 */
export class CachedReads {
  readonly #store: SessionStore;
  #identityId: string | undefined;
  /** Insertion-ordered, most recently read last. */
  #urls = new Set<string>();
  #loading: Promise<void> | undefined;
  /** Bumped by `clear`, so a read of IndexedDB that started before it does not bring the list back. */
  #generation = 0;
  readonly #inFlight = new Set<AbortController>();

  constructor(store: SessionStore) {
    this.#store = store;
  }

  /** Reads the list from IndexedDB once; a failed read leaves it empty, which is always safe. */
  ready(): Promise<void> {
    const generation = this.#generation;
    this.#loading ??= this.#store.loadCachedReads().then(
      (record) => {
        if (record && generation === this.#generation && this.#identityId === undefined) {
          this.#identityId = record.identityId;
          this.#urls = new Set(record.urls);
        }
      },
      () => {
        // Nothing known: every read reloads once, which costs a preflight and nothing else.
      },
    );
    return this.#loading;
  }

  /** The cache mode to send a signed request with, given the one the app asked for. */
  cacheMode(api: SignedApi, method: string, url: URL, identityId: string, asked: RequestCache) {
    if (api.httpCache === 'no-store') return 'no-store';
    // `only-if-cached` needs `same-origin` mode; a signed request is re-issued as CORS.
    const mode: RequestCache = asked === 'only-if-cached' ? 'force-cache' : asked;
    if (method !== 'GET' && method !== 'HEAD') return mode === 'force-cache' ? 'default' : mode;
    if (mode === 'no-store') return mode;
    return this.#identityId === identityId && this.#urls.has(url.href) ? mode : 'reload';
  }

  /** Notes that `identityId`'s GET of `url` got an answer: the cache holds nothing else for it now. */
  record(method: string, url: URL, identityId: string): void {
    if (method !== 'GET') return;
    if (this.#identityId !== identityId) {
      this.#identityId = identityId;
      this.#urls = new Set();
    }
    const known = this.#urls.delete(url.href);
    this.#urls.add(url.href);
    if (known) return;
    if (this.#urls.size > CACHED_READS_LIMIT) {
      this.#urls.delete(this.#urls.values().next().value!);
    }
    // Not awaited; written in call order, so a later sign-out's delete always lands after it.
    this.#store.saveCachedReads({ identityId, urls: [...this.#urls] }).catch(() => {
      // Lost: after a restart those URLs reload once more.
    });
  }

  /** A signal for one read, aborted if the session ends before it is answered; call `done` after. */
  track(signal: AbortSignal): { signal: AbortSignal; done: () => void } {
    const controller = new AbortController();
    this.#inFlight.add(controller);
    return {
      signal: anySignal(signal, controller.signal),
      done: () => this.#inFlight.delete(controller),
    };
  }

  /** Forgets every URL and aborts the reads in flight: the session ended. */
  clear(): void {
    this.#generation++;
    this.#identityId = undefined;
    this.#urls = new Set();
    for (const controller of this.#inFlight) {
      controller.abort(new DOMException('The session ended.', 'AbortError'));
    }
    this.#inFlight.clear();
  }
}

/** `AbortSignal.any` where the engine has it (Chromium 116, Firefox 124, Safari 17.4), else by hand. */
function anySignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([a, b]);
  const controller = new AbortController();
  for (const signal of [a, b]) {
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}
