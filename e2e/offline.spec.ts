import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import type { QueuedResponseBody } from '../sw/offline/offlineProtocol.ts';
import { NotesPage, newUser } from './demoSupport/NotesPage.ts';
import { serverNotes } from './demoSupport/serverNotes.ts';
import { chromiumLaunchOptions } from './support/chromium.ts';
import { expect, openApp, pageFetch, test } from './support/fixtures.ts';

const titlesOf = async (notes: Promise<{ title: string }[]>) =>
  (await notes).map((n) => n.title).sort();

test('an offline reload shows the app and the notes from the worker’s cache', async ({
  page,
  context,
  stack,
  control,
}) => {
  const user = await newUser(control);
  await openApp(page, stack);
  const app = new NotesPage(page);
  await app.signInAndWait(user.username, user.password);
  await app.add('Cached one', 'first');
  await app.add('Cached two', 'second');

  await context.setOffline(true);
  // The worker's own network is cut too, not only the page's.
  const probe = await page.evaluate(
    (api) =>
      fetch(`${api}/notes/probe`, { method: 'GET' }).then(
        (r) => `status ${r.status}`,
        (e: Error) => e.name,
      ),
    stack.emulator.apiUrl,
  );
  expect(probe).toBe('TypeError');

  await page.reload();
  await expect(app.status).toContainText('Offline');
  await expect(app.status).toContainText(`Signed in as ${user.username}`);
  await expect(app.titles).toHaveText(['Cached two', 'Cached one']);
});

test('offline writes queue with a 202, then replay in order once back online, without duplicates', async ({
  page,
  context,
  stack,
  control,
}) => {
  const user = await newUser(control);
  await openApp(page, stack);
  const app = new NotesPage(page);
  await app.signInAndWait(user.username, user.password);
  await app.add('Kept', 'made online');

  await context.setOffline(true);
  await expect(app.status).toContainText('Offline');
  await app.add('Written offline', 'v1');
  await app.edit('Written offline', { title: 'Written offline', content: 'v2' });
  await app.add('Short-lived');
  await app.remove('Short-lived');
  await app.edit('Kept', { title: 'Kept', content: 'edited offline' });
  await expect(app.status).toContainText('5 changes waiting to sync');
  await expect(app.note('Written offline')).toContainText('Waiting to sync');

  // What the app's plain fetch gets back for a write made offline.
  const queued = await pageFetch(page, `${stack.emulator.apiUrl}/notes/raw-write`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title: 'Raw write', content: '' }),
  });
  expect(queued.status).toBe(202);
  expect(queued.json as unknown as QueuedResponseBody).toMatchObject({
    queued: true,
    pendingWrites: 6,
  });
  await expect(app.status).toContainText('6 changes waiting to sync');
  expect(await titlesOf(serverNotes(stack, control, user))).toEqual(['Kept']);

  await context.setOffline(false);
  await expect(app.status).toContainText('All changes synced');
  const notes = await serverNotes(stack, control, user);
  expect(notes.map((n) => [n.title, n.content]).sort()).toEqual([
    ['Kept', 'edited offline'],
    ['Raw write', ''],
    ['Written offline', 'v2'],
  ]);
  expect(new Set(notes.map((n) => n.id)).size).toBe(notes.length);
  // After the sync the page shows the server's state.
  await expect(app.titles).toHaveText(['Raw write', 'Written offline', 'Kept']);
  await expect(app.page.getByText('Waiting to sync')).toHaveCount(0);
});

test('changes left pending when the browser closed are replayed when it opens again', async ({
  stack,
  control,
}) => {
  const user = await newUser(control);
  const profile = await mkdtemp(path.join(tmpdir(), 'notes-profile-'));
  try {
    const first = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
    const page = first.pages()[0] ?? (await first.newPage());
    await openApp(page, stack);
    const app = new NotesPage(page);
    await app.signInAndWait(user.username, user.password);
    await first.setOffline(true);
    await app.add('Before closing', 'queued');
    await expect(app.status).toContainText('1 change waiting to sync');
    await first.close();
    expect(await serverNotes(stack, control, user)).toEqual([]);

    const second = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
    const reopened = new NotesPage(second.pages()[0] ?? (await second.newPage()));
    await openApp(reopened.page, stack);
    await expect(reopened.status).toContainText(`Signed in as ${user.username}`);
    await expect(reopened.status).toContainText('All changes synced');
    await expect
      .poll(() => titlesOf(serverNotes(stack, control, user)))
      .toEqual(['Before closing']);
    await expect(reopened.titles).toHaveText(['Before closing']);
    await second.close();
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
});

test('signing out with unsynced changes warns, and keeps them for that user’s next sign-in only', async ({
  page,
  context,
  stack,
  control,
}) => {
  const a = await newUser(control, 'a');
  const b = await newUser(control, 'b');
  await openApp(page, stack);
  const app = new NotesPage(page);
  await app.signInAndWait(a.username, a.password);
  await context.setOffline(true);
  await app.add('A wrote this offline');
  await expect(app.status).toContainText('1 change waiting to sync');

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('1 change has not synced yet');
  await page.getByRole('button', { name: 'Sign out anyway' }).click();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();

  // Another user signs in once the network is back: A's queued write is not theirs to send.
  await context.setOffline(false);
  await app.signInAndWait(b.username, b.password);
  await expect(app.status).toContainText('All changes synced');
  await expect(app.list).toContainText('No notes yet');
  expect(await serverNotes(stack, control, b)).toEqual([]);
  expect(await serverNotes(stack, control, a)).toEqual([]);
  await app.signOut();

  await app.signInAndWait(a.username, a.password);
  await expect(app.status).toContainText('All changes synced');
  await expect
    .poll(() => titlesOf(serverNotes(stack, control, a)))
    .toEqual(['A wrote this offline']);
  await expect(app.titles).toHaveText(['A wrote this offline']);
});
