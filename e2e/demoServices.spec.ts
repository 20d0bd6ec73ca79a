import { NotesPage, newUser } from './demoSupport/NotesPage.ts';
import { expect, openApp, test } from './support/fixtures.ts';

// The demo with its notes on the emulated AppSync API (VITE_DEMO_NOTES_URL): the same screens,
// GraphQL on the wire, signed by the worker as service `appsync`.
test.use({ buildEnv: { VITE_DEMO_NOTES_URL: '{emulator.appSyncUrl}' } });

test('keeps the notes on AppSync: add, edit, delete, reload, and read them offline', async ({
  page,
  stack,
  control,
}) => {
  const user = await newUser(control, 'appsync');
  await openApp(page, stack);
  const notes = new NotesPage(page);
  await notes.signInAndWait(user.username, user.password);
  await notes.add('Kept by AppSync', 'over GraphQL');
  await notes.add('Short-lived');
  await notes.edit('Kept by AppSync', { title: 'Edited on AppSync', content: 'still GraphQL' });
  await notes.remove('Short-lived');
  await page.reload();
  await expect(notes.list).toHaveAttribute('aria-busy', 'false');
  await expect(notes.titles).toHaveText(['Edited on AppSync']);
  // Offline, the last answer to the same query is read from the identity's cache.
  await page.context().setOffline(true);
  await page.reload();
  await expect(notes.titles).toHaveText(['Edited on AppSync']);
  await page.context().setOffline(false);
  const counts = await control.counts();
  expect(counts['appsync.signed.graphql'] ?? 0).toBeGreaterThanOrEqual(5);
  // Nothing of the notes went to the REST stage.
  expect(counts['api.signed.notes'] ?? 0).toBe(0);
});
