/** A function run in the page: its argument and result cross the driver as JSON. */
export type PageFunction<A, R> = (arg: A) => R | Promise<R>;

/**
 * One tab of a browser engine, in a browsing context of its own (fresh storage and service
 * workers), driven through whatever that engine speaks: the small surface every cross-engine case
 * is written against.
 */
export interface EnginePage {
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  /** Types into the element the CSS selector picks, replacing its value, as a user would. */
  fill(selector: string, value: string): Promise<void>;
  click(selector: string): Promise<void>;
  /** Runs `fn(arg)` in the page and returns its (awaited) result. */
  evaluate<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R>;
  /** Uncaught errors and unhandled rejections the page has had so far. */
  pageErrors(): Promise<string[]>;
  /** Cuts the page's own network and flips `navigator.onLine` (and fires `offline`/`online`). */
  setOffline?(offline: boolean): Promise<void>;
  /** Resolves once the browser has stopped every service worker of this tab's context. */
  stopServiceWorkers?(): Promise<void>;
  close(): Promise<void>;
}

/** A launched browser engine that opens isolated tabs. */
export interface Engine {
  readonly name: EngineName;
  /** The browser's own version string, for the report. */
  readonly version: string;
  newPage(): Promise<EnginePage>;
  close(): Promise<void>;
}

export type EngineName = 'chromium' | 'firefox' | 'webkit';

/** How often a condition is checked again: short against a test's seconds, long against a round trip. */
const POLL_INTERVAL_MS = 100;

/** Waits until `fn(arg)` in the page returns a truthy value, and returns it. */
export async function waitForFunction<A, R>(
  page: EnginePage,
  fn: PageFunction<A, R>,
  arg: A,
  { timeout = 10_000, what = 'page condition' }: { timeout?: number; what?: string } = {},
): Promise<R> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await page.evaluate(fn, arg);
      if (value) return value;
      last = value;
    } catch (error) {
      // A navigation in flight destroys the context the script ran in; the next poll runs anew.
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeout} ms waiting for ${what}; last: ${String(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
