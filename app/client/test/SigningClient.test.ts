import type { BrowserContext, Page } from '@playwright/test';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserPages, type BrowserPages } from '../../../e2e/support/startBrowserPages.ts';
import type { ReceivedMessage } from './workerControl.ts';
import type { RefreshOutcome, StartOptions } from './clientPage.ts';

// SigningClient runs as it ships, in real Chromium: workbox-window registers a real worker (a
// scripted one that records what it is sent), Web Locks elect the answering tab.

let pages: BrowserPages;
let context: BrowserContext;

beforeAll(async () => {
  pages = await startBrowserPages({
    page: 'app/client/test/clientPage.ts',
    scripts: { '/sw.js': 'app/client/test/scriptedWorker.ts' },
  });
});
afterAll(() => pages?.close());
afterEach(() => context?.close());

/** A page of a fresh browser context (no worker registered yet) unless `into` is given. */
async function openTab(into?: BrowserContext): Promise<Page> {
  if (!into) context = await pages.newContext();
  return pages.open(into ?? context);
}

/** Opens a tab, constructs its client and waits for `ready`. */
async function startedTab(options: StartOptions = {}, into?: BrowserContext): Promise<Page> {
  const page = await openTab(into);
  await page.evaluate((options) => harness.start(options).ready, options);
  return page;
}

function received(page: Page): Promise<ReceivedMessage[]> {
  return page.evaluate(() => harness.control({ kind: 'received' }) as Promise<ReceivedMessage[]>);
}

/** The worker's received messages of `type`, without the sender. */
async function receivedOf(page: Page, type: string): Promise<unknown[]> {
  const all = await received(page);
  return all.map((entry) => entry.message).filter((m) => (m as { type: string }).type === type);
}

async function broadcast(page: Page, event: unknown): Promise<void> {
  await page.evaluate((event) => harness.control({ kind: 'broadcast', event }), event);
}

/** Records the events of `type` the page's client relays into `harness.events[type]`. */
async function listen(page: Page, type: string): Promise<void> {
  await page.evaluate((type) => {
    harness.client!.on(type, (event) => (harness.events[type] ??= []).push(event));
  }, type);
}

function eventsOf(page: Page, type: string): Promise<unknown[]> {
  return page.evaluate((type) => harness.events[type] ?? [], type);
}

function script(page: Page, outcomes: RefreshOutcome[]): Promise<void> {
  return page.evaluate((outcomes) => void harness.outcomes.push(...outcomes), outcomes);
}

function refreshCalls(page: Page): Promise<number> {
  return page.evaluate(() => harness.refreshCalls);
}

function tokenNeeded(fallOver: boolean) {
  return { type: 'token-needed', v: 1, fallOver };
}

describe('SigningClient registration', () => {
  it('registers /sw.js and resolves ready once the worker controls the page', async () => {
    const page = await startedTab();
    const worker = await page.evaluate(async () => ({
      controller: navigator.serviceWorker.controller?.scriptURL,
      scope: (await navigator.serviceWorker.getRegistration())?.scope,
    }));
    expect(worker).toEqual({ controller: `${pages.origin}/sw.js`, scope: `${pages.origin}/` });
  });

  it('asks the worker to claim a page loaded uncontrolled, and a controlled page not at all', async () => {
    const page = await startedTab();
    expect(await receivedOf(page, 'claim')).toEqual([{ type: 'claim', v: 1 }]);
    await page.reload();
    await page.evaluate(() => harness.start().ready);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    expect(await receivedOf(page, 'claim')).toHaveLength(1);
  });

  it('registers the script URL it is given', async () => {
    const page = await openTab();
    await page.evaluate(() => harness.start({ scriptUrl: '/sw.js?build=2' }).ready);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(
      `${pages.origin}/sw.js?build=2`,
    );
  });

  it('throws a clear error in an insecure context, where service workers do not exist', async () => {
    context = await pages.newContext();
    const page = await pages.open(context, pages.insecureOrigin);
    const thrown = await page.evaluate(() => {
      try {
        harness.start();
        return 'nothing thrown';
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(thrown).toMatch(/secure context/);
  });
});

describe('SigningClient messages', () => {
  it('sends sign-in, sign-out and status as versioned messages and resolves with the results', async () => {
    const page = await startedTab();
    const signedIn = { identityId: 'us-east-1:abc', expiration: 1_800_000_000_000 };
    const status = { signedIn: true, identityId: 'us-east-1:abc', clockOffsetMs: 0 };
    await page.evaluate(
      async ({ signedIn, status }) => {
        await harness.control({
          kind: 'reply',
          to: 'sign-in',
          reply: { ok: true, result: signedIn },
        });
        await harness.control({ kind: 'reply', to: 'status', reply: { ok: true, result: status } });
      },
      { signedIn, status },
    );
    const results = await page.evaluate(async () => [
      await harness.client!.signIn('header.payload.signature'),
      await harness.client!.status(),
      await harness.client!.signOut(),
    ]);
    expect(results).toEqual([signedIn, status, { answered: 'sign-out' }]);
    const sent = (await received(page)).map((entry) => entry.message).slice(1);
    expect(sent).toEqual([
      { type: 'sign-in', v: 1, idToken: 'header.payload.signature' },
      { type: 'status', v: 1 },
      { type: 'sign-out', v: 1 },
    ]);
  });

  it("sends a plug-in's message with its fields, which cannot change its type or version", async () => {
    const page = await startedTab();
    const result = await page.evaluate(() =>
      harness.client!.request('sync', { limit: 3, type: 'sign-out', v: 9 }),
    );
    expect(result).toEqual({ answered: 'sync' });
    expect(await receivedOf(page, 'sync')).toEqual([{ type: 'sync', v: 1, limit: 3 }]);
  });

  it('holds a message sent before ready until the worker has claimed the page', async () => {
    const page = await openTab();
    await page.evaluate(() => harness.start().status());
    const types = (await received(page)).map((entry) => (entry.message as { type: string }).type);
    expect(types).toEqual(['claim', 'status']);
  });

  it("rejects with a WorkerError carrying the worker's code and message", async () => {
    const page = await startedTab();
    const error = { code: 'token-expired', message: 'The ID token has expired.' } as const;
    await page.evaluate(
      (error) => harness.control({ kind: 'reply', to: 'sign-in', reply: { ok: false, error } }),
      error,
    );
    const thrown = await page.evaluate(async () => {
      try {
        await harness.client!.signIn('header.payload.signature');
        return undefined;
      } catch (error) {
        const { name, code, message } = error as InstanceType<typeof harness.WorkerError>;
        return { isWorkerError: error instanceof harness.WorkerError, name, code, message };
      }
    });
    expect(thrown).toEqual({ isWorkerError: true, name: 'WorkerError', ...error });
  });

  it("rejects a plug-in's request with the worker's error code too", async () => {
    const page = await startedTab();
    const error = { code: 'bad-message', message: 'sync: limit must be a number.' } as const;
    await page.evaluate(
      (error) => harness.control({ kind: 'reply', to: 'sync', reply: { ok: false, error } }),
      error,
    );
    const code = await page.evaluate(() =>
      harness.client!.request('sync').then(
        () => 'resolved',
        (error: { name: string; code: string }) => `${error.name} ${error.code}`,
      ),
    );
    expect(code).toBe('WorkerError bad-message');
  });
});

describe('SigningClient events', () => {
  it('relays worker events to the listeners of their type until they stop listening', async () => {
    const page = await startedTab();
    await page.evaluate(() => {
      const push = (key: string) => (event: unknown) => (harness.events[key] ??= []).push(event);
      const stop = harness.client!.on('signed-out', push('first'));
      harness.client!.on('signed-out', push('second'));
      harness.client!.on('outbox-changed', push('outbox'));
      (globalThis as { stopFirst?: () => void }).stopFirst = stop;
    });
    await broadcast(page, { type: 'signed-out', v: 1 });
    await broadcast(page, { type: 'outbox-changed', v: 1, pending: 2 });
    await expect
      .poll(() => eventsOf(page, 'outbox'))
      .toEqual([{ type: 'outbox-changed', v: 1, pending: 2 }]);
    expect(await eventsOf(page, 'first')).toEqual([{ type: 'signed-out', v: 1 }]);
    await page.evaluate(() => (globalThis as { stopFirst?: () => void }).stopFirst?.());
    await broadcast(page, { type: 'signed-out', v: 1 });
    await expect.poll(() => eventsOf(page, 'second')).toHaveLength(2);
    expect(await eventsOf(page, 'first')).toHaveLength(1);
  });

  it('ignores messages of another protocol version and ones without a type', async () => {
    const page = await startedTab();
    await listen(page, 'signed-out');
    await broadcast(page, { type: 'signed-out', v: 2 });
    await broadcast(page, { v: 1 });
    await broadcast(page, 'signed-out');
    await broadcast(page, { type: 'signed-out', v: 1, last: true });
    await expect.poll(() => eventsOf(page, 'signed-out')).toHaveLength(1);
    expect(await eventsOf(page, 'signed-out')).toEqual([{ type: 'signed-out', v: 1, last: true }]);
  });
});

describe('SigningClient answering token-needed', () => {
  /** Two tabs of one context, both able to refresh; A stood for election first and holds it. */
  async function twoTabs(): Promise<[Page, Page]> {
    const a = await startedTab({ answerAs: 'A' });
    await expect.poll(() => a.evaluate(() => harness.locks())).toEqual({ held: 1, pending: 0 });
    const b = await startedTab({ answerAs: 'B' }, context);
    await expect.poll(() => a.evaluate(() => harness.locks())).toEqual({ held: 1, pending: 1 });
    return [a, b];
  }

  it('answers from the elected tab only, and from every tab when the worker falls over', async () => {
    const [a, b] = await twoTabs();
    await broadcast(a, tokenNeeded(false));
    await expect
      .poll(() => receivedOf(a, 'token'))
      .toEqual([{ type: 'token', v: 1, idToken: 'token-A' }]);
    await broadcast(a, tokenNeeded(true));
    await expect.poll(() => receivedOf(a, 'token')).toHaveLength(3);
    expect(await receivedOf(a, 'token')).toContainEqual({
      type: 'token',
      v: 1,
      idToken: 'token-B',
    });
    // Messages from one worker reach a tab in order: B saw the first ask before the fall-over one.
    expect([await refreshCalls(a), await refreshCalls(b)]).toEqual([2, 1]);
  });

  it('hands the election to the next tab when the elected one closes', async () => {
    const [a, b] = await twoTabs();
    await a.close();
    await expect.poll(() => b.evaluate(() => harness.locks())).toEqual({ held: 1, pending: 0 });
    await broadcast(b, tokenNeeded(false));
    await expect
      .poll(() => receivedOf(b, 'token'))
      .toEqual([{ type: 'token', v: 1, idToken: 'token-B' }]);
  });

  it('never stands for election in a tab that cannot refresh a token', async () => {
    const silent = await startedTab();
    const b = await startedTab({ answerAs: 'B' }, context);
    await expect.poll(() => b.evaluate(() => harness.locks())).toEqual({ held: 1, pending: 0 });
    await broadcast(silent, tokenNeeded(false));
    await expect
      .poll(() => receivedOf(b, 'token'))
      .toEqual([{ type: 'token', v: 1, idToken: 'token-B' }]);
    await broadcast(silent, tokenNeeded(true));
    await expect.poll(() => refreshCalls(b)).toBe(2);
    expect(await refreshCalls(silent)).toBe(0);
  });

  it('answers no-token when the refresh finds no session or throws not-signed-in', async () => {
    const page = await startedTab({ answerAs: 'A' });
    await script(page, [
      { none: true },
      { error: 'Refresh Token has expired', code: 'not-signed-in' },
    ]);
    await broadcast(page, tokenNeeded(false));
    await expect.poll(() => receivedOf(page, 'no-token')).toHaveLength(1);
    await broadcast(page, tokenNeeded(false));
    await expect
      .poll(() => receivedOf(page, 'no-token'))
      .toEqual([
        { type: 'no-token', v: 1 },
        { type: 'no-token', v: 1 },
      ]);
  });

  it('stays silent when the refresh fails otherwise, leaving the decision to the worker', async () => {
    const page = await startedTab({ answerAs: 'A' });
    await script(page, [{ error: 'Failed to fetch' }]);
    await broadcast(page, tokenNeeded(false));
    await broadcast(page, tokenNeeded(false));
    await expect.poll(() => receivedOf(page, 'token')).toHaveLength(1);
    expect(await refreshCalls(page)).toBe(2);
    const answers = (await received(page))
      .map((entry) => (entry.message as { type: string }).type)
      .filter((type) => type === 'token' || type === 'no-token');
    expect(answers).toEqual(['token']);
  });
});
