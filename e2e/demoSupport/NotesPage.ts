import { expect, type Locator, type Page } from '@playwright/test';
import type { EmulatorControl } from '../support/EmulatorControl.ts';

let users = 0;

/** A username no other test in this run uses, so each test starts with no notes. */
export function uniqueUsername(prefix = 'user'): string {
  return `${prefix}-${process.pid}-${++users}-${Date.now().toString(36)}`;
}

/** A password that meets the User Pool's default policy. */
export const PASSWORD = 'Corr3ct-horse!';

/** Creates and confirms a user of its own for one test. */
export async function newUser(
  control: EmulatorControl,
  prefix?: string,
): Promise<{ username: string; password: string }> {
  const user = { username: uniqueUsername(prefix), password: PASSWORD };
  await control.createUser(user.username, user.password);
  return user;
}

/** The demo app as a person sees it: forms, notes and the status line, by their labels. */
export class NotesPage {
  constructor(readonly page: Page) {}

  get status(): Locator {
    return this.page.getByRole('status');
  }

  get list(): Locator {
    return this.page.getByRole('list', { name: 'Your notes' });
  }

  /** Titles of the notes on screen, in screen order (newest first). */
  get titles(): Locator {
    return this.list.getByRole('heading', { level: 3 });
  }

  note(title: string): Locator {
    return this.page.getByRole('article', { name: title, exact: true });
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  /** Signs in and waits until the notes screen says who is signed in and the list has loaded. */
  async signInAndWait(username: string, password: string): Promise<void> {
    await this.signIn(username, password);
    await expect(this.status).toContainText(`Signed in as ${username}`);
    await expect(this.list).toHaveAttribute('aria-busy', 'false');
  }

  async add(title: string, content = ''): Promise<void> {
    const form = this.page.getByRole('form', { name: 'New note' });
    await form.getByLabel('Title').fill(title);
    await form.getByLabel('Content').fill(content);
    await form.getByRole('button', { name: 'Add note' }).click();
    await expect(this.note(title)).toBeVisible();
    await expect(form.getByLabel('Title')).toHaveValue('');
  }

  async edit(title: string, next: { title: string; content: string }): Promise<void> {
    await this.note(title).getByRole('button', { name: 'Edit' }).click();
    const form = this.page.getByRole('form', { name: `Edit note ${title}` });
    await form.getByLabel('Title').fill(next.title);
    await form.getByLabel('Content').fill(next.content);
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(this.note(next.title)).toBeVisible();
  }

  async remove(title: string): Promise<void> {
    await this.note(title).getByRole('button', { name: 'Delete' }).click();
    await expect(this.note(title)).toHaveCount(0);
  }

  async signOut(): Promise<void> {
    await this.page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(this.page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  }
}
