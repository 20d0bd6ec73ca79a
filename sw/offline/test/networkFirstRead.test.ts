import type http from 'node:http';
import type { BrowserContext, Page } from '@playwright/test';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBrowserPages, type BrowserPages } from '../../../e2e/support/startBrowserPages.ts';
import type { ReadOutcome, ReadScenario } from './readPage.ts';

// The reads run in real Chromium: its Cache Storage, its fetch, and offline as Playwright's
// network emulation makes it (fetch fails, navigator.onLine is false).

/** Answers every API path with its path and how many times it was asked, so copies tell apart. */
function countingApi(): http.RequestListener {
  const counts = new Map<string, number>();
  return (req, res) => {
    const path = req.url ?? '/';
    const n = (counts.get(path) ?? 0) + 1;
    counts.set(path, n);
    const status = Number(req.headers['x-status'] ?? 200);
    res.writeHead(status, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
    res.end(`${path} #${n}`);
  };
}

let pages: BrowserPages;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  pages = await startBrowserPages({ page: 'sw/offline/test/readPage.ts', fallback: countingApi() });
});
afterAll(() => pages?.close());
beforeEach(async () => {
  context = await pages.newContext();
  page = await pages.open(context);
});
afterEach(() => context?.close());

/** Each test reads its own paths, since the API's counts outlive a browser context. */
let pathCount = 0;
function newPath(): string {
  pathCount += 1;
  return `/api/notes-${pathCount}`;
}

function read(scenario: ReadScenario): Promise<ReadOutcome> {
  return page.evaluate((scenario) => harness.read(scenario), scenario);
}

function cached(identity: string, path: string): Promise<string | undefined> {
  return page.evaluate(({ identity, path }) => harness.cached(identity, path), { identity, path });
}

function cacheNames(): Promise<string[]> {
  return page.evaluate(() => harness.cacheNames());
}

const A = 'us-east-1:aaaaaaaa-0000-4000-8000-000000000001';
const B = 'us-east-1:bbbbbbbb-0000-4000-8000-000000000002';

describe('networkFirstRead', () => {
  it("answers from the network, signed as the identity, and keeps a copy in that identity's cache", async () => {
    const path = newPath();
    const outcome = await read({ path, identity: A });
    expect(outcome).toEqual({
      response: { status: 200, body: `${path} #1`, fromWorker: false },
      sentAs: [A],
      waited: 0,
    });
    expect(await cached(A, path)).toBe(`${path} #1`);
    // Under the signing layer's prefix, so its sign-out deletes the copies with the session.
    expect(await cacheNames()).toEqual([await page.evaluate((id) => harness.nameOf(id), A)]);
    expect(await cacheNames()).toEqual([expect.stringMatching(/^sigv4-auth-/)]);
  });

  it('prefers the network to the copy while the network answers, and refreshes the copy', async () => {
    const path = newPath();
    await read({ path, identity: A });
    const second = await read({ path, identity: A });
    expect(second.response?.body).toBe(`${path} #2`);
    expect(await cached(A, path)).toBe(`${path} #2`);
  });

  it("answers the identity's copy when the network fails", async () => {
    const path = newPath();
    await read({ path, identity: A });
    await context.setOffline(true);
    const outcome = await read({ path, identity: A });
    expect(outcome.response).toEqual({ status: 200, body: `${path} #1`, fromWorker: false });
    expect(outcome.sentAs).toEqual([A]);
  });

  it('rejects with the network error when the identity has no copy, for the layer to answer', async () => {
    const path = newPath();
    await context.setOffline(true);
    const outcome = await read({ path, identity: A });
    expect(outcome.response).toBeUndefined();
    expect(outcome.error?.name).toBe('TypeError');
    expect(await cacheNames()).toEqual([]);
  });

  it("answers the identity's copy when offline signing cannot reach Cognito", async () => {
    const path = newPath();
    await read({ path, identity: A });
    await context.setOffline(true);
    const outcome = await read({ path, identity: A, signingUnavailable: true });
    expect(outcome.response).toEqual({ status: 200, body: `${path} #1`, fromWorker: false });
  });

  it("returns the worker's 503 cognito-unavailable as it is when nothing is cached", async () => {
    await context.setOffline(true);
    const outcome = await read({ path: newPath(), identity: A, signingUnavailable: true });
    expect(outcome.response?.status).toBe(503);
    expect(outcome.response?.fromWorker).toBe(true);
    expect(JSON.parse(outcome.response?.body ?? '{}')).toMatchObject({
      code: 'cognito-unavailable',
    });
  });

  it('returns the worker 503 rather than a copy while the device is online', async () => {
    // Online, a 503 from the layer is Cognito refusing or failing, not a lost network.
    const path = newPath();
    await read({ path, identity: A });
    const outcome = await read({ path, identity: A, signingUnavailable: true });
    expect(outcome.response?.status).toBe(503);
  });

  it("never serves another identity's copy, offline or with signing unavailable", async () => {
    const path = newPath();
    await read({ path, identity: A });
    await context.setOffline(true);
    const failed = await read({ path, identity: B });
    expect(failed.error?.name).toBe('TypeError');
    expect(failed.sentAs).toEqual([B]);
    const unavailable = await read({ path, identity: B, signingUnavailable: true });
    expect(unavailable.response?.status).toBe(503);
    expect(await cached(B, path)).toBeUndefined();
    expect(await cached(A, path)).toBe(`${path} #1`);
  });

  it('keeps no copy of an error answer and serves the last good one offline', async () => {
    const path = newPath();
    await read({ path, identity: A });
    const failing = await read({ path, identity: A, headers: { 'x-status': '500' } });
    expect(failing.response).toEqual({ status: 500, body: `${path} #2`, fromWorker: false });
    await context.setOffline(true);
    expect((await read({ path, identity: A })).response?.body).toBe(`${path} #1`);
  });

  it('sends a signed-out read with no identity and keeps no copy', async () => {
    const path = newPath();
    const outcome = await read({ path, identity: undefined });
    expect(outcome.response?.body).toBe(`${path} #1`);
    expect(outcome.sentAs).toEqual([undefined]);
    expect(await cacheNames()).toEqual([]);
  });

  it('drops the copy when another user signed in while it was written', async () => {
    const path = newPath();
    const outcome = await read({ path, identity: A, identityAfter: B });
    expect(outcome.response?.body).toBe(`${path} #1`);
    expect(await cacheNames()).toEqual([]);
  });

  it('hands the copy to waitUntil, which keeps it once settled', async () => {
    const path = newPath();
    const outcome = await read({ path, identity: A, waitUntil: true });
    expect(outcome.waited).toBe(1);
    expect(await cached(A, path)).toBe(`${path} #1`);
  });

  it('rejects an aborted read with its AbortError, even with a copy at hand', async () => {
    const path = newPath();
    await read({ path, identity: A });
    const outcome = await read({ path, identity: A, aborted: true });
    expect(outcome.error?.name).toBe('AbortError');
  });
});
