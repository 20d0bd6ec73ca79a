import { DEMO, expect, openApp, test } from './support/fixtures.ts';
import { NotesPage, newUser, PASSWORD, uniqueUsername } from './demoSupport/NotesPage.ts';
import { serverNotes } from './demoSupport/serverNotes.ts';

test('signs in through the form and shows who is signed in', async ({ page, stack }) => {
  await openApp(page, stack);
  const app = new NotesPage(page);
  await expect(app.status).toContainText('Not signed in');
  await app.signInAndWait(DEMO.username, DEMO.password);
  await expect(app.status).toContainText('Online');
  await expect(app.status).toContainText('All changes synced');
});

test('says so when the password is wrong, and lets the person try again', async ({
  page,
  stack,
}) => {
  await openApp(page, stack);
  const app = new NotesPage(page);
  await app.signIn(DEMO.username, 'not-the-password');
  await expect(page.getByRole('alert')).toHaveText('Incorrect username or password.');
  await app.signIn('nobody-by-this-name', 'whatever1!A');
  await expect(page.getByRole('alert')).toHaveText('Incorrect username or password.');
  await app.signInAndWait(DEMO.username, DEMO.password);
});

test('says the sign-in service cannot be reached when offline', async ({
  page,
  context,
  stack,
}) => {
  await openApp(page, stack);
  await context.setOffline(true);
  await new NotesPage(page).signIn(DEMO.username, DEMO.password);
  await expect(page.getByRole('alert')).toHaveText(
    "Can't reach the sign-in service; check your connection.",
  );
  await context.setOffline(false);
  await new NotesPage(page).signInAndWait(DEMO.username, DEMO.password);
});

test('creates, edits and deletes notes, and the server agrees', async ({
  page,
  stack,
  control,
}) => {
  const user = await newUser(control);
  await openApp(page, stack);
  const app = new NotesPage(page);
  await app.signInAndWait(user.username, user.password);
  await expect(app.list).toContainText('No notes yet');

  await app.add('Groceries', 'Milk, eggs');
  await app.add('Ideas', 'A notes app that works offline');
  await expect(app.titles).toHaveText(['Ideas', 'Groceries']);
  await app.edit('Groceries', { title: 'Shopping', content: 'Milk, eggs, bread' });
  await expect(app.note('Shopping')).toContainText('Milk, eggs, bread');
  await app.remove('Ideas');
  await expect(app.titles).toHaveText(['Shopping']);

  await expect
    .poll(async () => (await serverNotes(stack, control, user)).map((n) => [n.title, n.content]))
    .toEqual([['Shopping', 'Milk, eggs, bread']]);

  // A fresh page shows the same notes, from the server.
  await page.reload();
  await expect(app.titles).toHaveText(['Shopping']);
});

test('signs up and confirms a new account through the forms, then signs in', async ({
  page,
  stack,
  control,
}) => {
  const username = uniqueUsername('new');
  await openApp(page, stack);
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Password').fill('longenough');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('alert')).toContainText('Password did not conform with policy');

  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByLabel('Confirmation code')).toBeVisible();
  const { code } = await control.confirmationCode(username);
  await page.getByLabel('Confirmation code').fill(code);
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(new NotesPage(page).status).toContainText(`Signed in as ${username}`);
});

test('tells an unconfirmed user to confirm their account', async ({ page, stack, control }) => {
  const username = uniqueUsername('unconfirmed');
  await openApp(page, stack);
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByLabel('Confirmation code')).toBeVisible();
  await page.getByRole('button', { name: 'Back to sign in' }).click();
  await new NotesPage(page).signIn(username, PASSWORD);
  await expect(page.getByRole('alert')).toContainText('not confirmed');
  expect(await control.confirmationCode(username)).toHaveProperty('code');
});

test('two users in turn in one browser: the second never sees the first one’s notes', async ({
  page,
  stack,
  control,
}) => {
  const a = await newUser(control, 'a');
  const b = await newUser(control, 'b');
  await openApp(page, stack);
  const app = new NotesPage(page);
  await app.signInAndWait(a.username, a.password);
  await app.add('A’s secret', 'for A only');
  await app.signOut();

  await app.signInAndWait(b.username, b.password);
  await expect(app.list).toContainText('No notes yet');
  await expect(page.getByText('A’s secret')).toHaveCount(0);
  // Not from the worker's cache either, with the network gone.
  await page.context().setOffline(true);
  await page.reload();
  await expect(app.status).toContainText(`Signed in as ${b.username}`);
  await expect(app.list).toHaveAttribute('aria-busy', 'false');
  await expect(page.getByText('A’s secret')).toHaveCount(0);
  await page.context().setOffline(false);
  expect(await serverNotes(stack, control, b)).toEqual([]);
});

test('a sign-in in one tab reaches the other, and a sign-out in one signs both out', async ({
  context,
  stack,
}) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await openApp(first, stack);
  await openApp(second, stack);
  const one = new NotesPage(first);
  const two = new NotesPage(second);
  await one.signInAndWait(DEMO.username, DEMO.password);
  await expect(two.status).toContainText(`Signed in as ${DEMO.username}`);
  await expect(two.list).toHaveAttribute('aria-busy', 'false');

  await two.signOut();
  await expect(first.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(one.status).toContainText('Not signed in');
  await expect(one.list).toHaveCount(0);
});
