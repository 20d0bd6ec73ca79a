import type { Page } from '@playwright/test';
import type { FailedWritesResult } from '../sw/offline/offlineProtocol.ts';
import { MAX_ATTEMPTS } from '../sw/offline/retryDelay.ts';
import { NotesPage, newUser } from './demoSupport/NotesPage.ts';
import { serverNotes } from './demoSupport/serverNotes.ts';
import { expect, openApp, pageFetch, postToWorker, test } from './support/fixtures.ts';
import type { Stack } from './support/startStack.ts';

/** Retries of a poisoned write run out about 15 s after its first failure (see retryDelay.ts). */
const GIVE_UP_TIMEOUT_MS = 40_000;

const put = (title: string | null) => ({
  method: 'PUT',
  headers: { 'Content-Type': 'application/json' },
  // `null` sends a body the notes API refuses with a 400.
  body: title === null ? 'not json' : JSON.stringify({ title, content: '' }),
});

const titlesOf = async (notes: Promise<{ title: string }[]>) =>
  (await notes).map((n) => n.title).sort();

/** The outbox's entries as the worker stored them, read from the page (same origin). */
function outboxEntries(page: Page): Promise<{ url: string; attempts?: number }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('sigv4-outbox');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction('entries').objectStore('entries').getAll();
          read.onsuccess = () => {
            open.result.close();
            resolve(read.result as { url: string; attempts?: number }[]);
          };
          read.onerror = () => reject(read.error);
        };
      }),
  );
}

async function failedWrites(page: Page) {
  const reply = await postToWorker(page, { type: 'failed-writes', v: 1 });
  if (!reply.ok) throw new Error(reply.error.message);
  return (reply.result as FailedWritesResult).failedWrites;
}

const apiPath = (stack: Stack, path: string) => `${new URL(stack.emulator.apiUrl).pathname}${path}`;

test.describe('offline queue failures', () => {
  test.setTimeout(90_000);

  test('a write that keeps failing online is retried, then set aside, and the writes behind it go through', async ({
    page,
    stack,
    control,
  }) => {
    const user = await newUser(control);
    await openApp(page, stack);
    const app = new NotesPage(page);
    await app.signInAndWait(user.username, user.password);
    const faultsBefore = await control.count('api.fault');
    // A 502 without CORS headers: the worker sees a network error although the device is online.
    await control.fault(`API PUT ${apiPath(stack, '/notes/poisoned')}`, 'bad-gateway');

    const poisoned = await pageFetch(
      page,
      `${stack.emulator.apiUrl}/notes/poisoned`,
      put('Poisoned'),
    );
    expect(poisoned.status).toBe(202);
    const later = await pageFetch(page, `${stack.emulator.apiUrl}/notes/later`, put('Later'));
    expect(later.status).toBe(202);
    expect(await outboxEntries(page)).toEqual([
      expect.objectContaining({ url: `${stack.emulator.apiUrl}/notes/poisoned`, attempts: 1 }),
      expect.objectContaining({ url: `${stack.emulator.apiUrl}/notes/later` }),
    ]);

    await expect(page.getByRole('alert')).toContainText(
      `Gave up on a change made offline: PUT ${apiPath(stack, '/notes/poisoned')} (no answer)`,
      { timeout: GIVE_UP_TIMEOUT_MS },
    );
    await expect(app.status).toContainText('All changes synced');
    await expect(app.status).toContainText('1 change failed to sync');
    expect((await control.count('api.fault')) - faultsBefore).toBe(MAX_ATTEMPTS);
    expect(await titlesOf(serverNotes(stack, control, user))).toEqual(['Later']);
    expect(await failedWrites(page)).toEqual([
      expect.objectContaining({
        method: 'PUT',
        url: `${stack.emulator.apiUrl}/notes/poisoned`,
        reason: 'gave-up',
        status: 0,
        attempts: MAX_ATTEMPTS,
      }),
    ]);

    // Nothing waits any more: the next write goes straight out.
    const next = await pageFetch(page, `${stack.emulator.apiUrl}/notes/next`, put('Next'));
    expect(next.status).toBe(200);
    const cleared = await postToWorker(page, { type: 'clear-failed-writes', v: 1 });
    expect(cleared).toEqual({ ok: true, result: { pendingWrites: 0, failedWrites: 0 } });
    await expect(app.status).not.toContainText('failed to sync');
  });

  test('a write made offline and refused on replay reaches the page as an event naming it', async ({
    page,
    context,
    stack,
    control,
  }) => {
    const user = await newUser(control);
    await openApp(page, stack);
    const app = new NotesPage(page);
    await app.signInAndWait(user.username, user.password);

    await context.setOffline(true);
    await expect(app.status).toContainText('Offline');
    const refused = await pageFetch(page, `${stack.emulator.apiUrl}/notes/refused`, put(null));
    expect(refused.status).toBe(202);
    await app.add('Fine', 'after the refused one');
    await expect(app.status).toContainText('2 changes waiting to sync');
    // Offline failures cost no attempt.
    expect((await outboxEntries(page)).map((e) => e.attempts)).toEqual([undefined, undefined]);

    await context.setOffline(false);
    await expect(page.getByRole('alert')).toContainText(
      `The server refused a change made offline: PUT ${apiPath(stack, '/notes/refused')} (HTTP 400)`,
    );
    await expect(app.status).toContainText('All changes synced');
    await expect(app.status).toContainText('1 change failed to sync');
    expect(await titlesOf(serverNotes(stack, control, user))).toEqual(['Fine']);
    expect(await failedWrites(page)).toEqual([
      expect.objectContaining({ reason: 'refused', status: 400, method: 'PUT' }),
    ]);
  });

  test('two writes keep their order when the first fails and is queued while the second would succeed', async ({
    page,
    stack,
    control,
  }) => {
    const user = await newUser(control);
    await openApp(page, stack);
    const app = new NotesPage(page);
    await app.signInAndWait(user.username, user.password);
    await control.fault(`API PUT ${apiPath(stack, '/notes/ordered')}`, 'bad-gateway', 1);

    const statuses = await page.evaluate(
      ([url, first, second]) =>
        Promise.all([fetch(url, first), fetch(url, second)].map((p) => p.then((r) => r.status))),
      [`${stack.emulator.apiUrl}/notes/ordered`, put('first'), put('second')] as const,
    );
    // The first hit the fault and was queued; the second waited for it and was queued behind.
    expect(statuses).toEqual([202, 202]);
    await expect(app.status).toContainText('All changes synced', { timeout: GIVE_UP_TIMEOUT_MS });
    const notes = await serverNotes(stack, control, user);
    expect(notes.map((n) => [n.id, n.title])).toEqual([['ordered', 'second']]);
    expect(await failedWrites(page)).toEqual([]);
  });
});
