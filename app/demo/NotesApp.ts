import { AuthError } from 'sigv4-service-worker/auth/user-auth';
import type { SigningClient } from 'sigv4-service-worker/client';
import type { OutboxClient } from 'sigv4-service-worker/offline/client';
import { confirmView, signInView, signUpView, type AuthActions } from './authViews.ts';
import type { DemoAuth, DemoSignInStep } from './DemoAuth.ts';
import { h } from './dom.ts';
import { signInStepView } from './factorViews.ts';
import { newNoteId, type ShownNote } from './Note.ts';
import { NotesApiError, type NotesApi } from './NotesApi.ts';
import { NotesView } from './NotesView.ts';
import { PasskeyPanel } from './PasskeyPanel.ts';
import { SignOutButton } from './SignOutButton.ts';
import { StatusLine } from './StatusLine.ts';

/** Sign-in elsewhere than the app's own form (managed login), when configured. */
export interface ExternalSignIn {
  /** Leaves for the hosted sign-in page. */
  signIn(): Promise<void>;
  /** Ends the hosted session (after the worker's), leaving the page. */
  signOut(): Promise<void>;
}

/** The parts of the page the app renders into. */
export interface AppElements {
  main: HTMLElement;
  header: HTMLElement;
}

/**
 * The demo notes app: sign-in and sign-up forms, the notes screen, the status line and sign-out.
 * It talks to the API with plain `fetch` (through `NotesApi`); the worker signs and queues.
 */
export class NotesApp {
  readonly #client: SigningClient;
  readonly #outbox: OutboxClient;
  readonly #auth: DemoAuth;
  readonly #api: NotesApi;
  readonly #external: ExternalSignIn | undefined;
  readonly #main: HTMLElement;
  readonly #status = new StatusLine();
  readonly #account = new SignOutButton({
    pendingWrites: () => this.#outbox.pendingWrites(),
    signOut: () => this.#signOut(),
    failed: (error) => this.#failed(error),
  });
  readonly #banner = h('div', { class: 'banner', role: 'alert', hidden: true });

  #username: string | undefined;
  #pendingWrites = 0;
  #failedWrites = 0;
  #notes: ShownNote[] = [];
  #notesView: NotesView | undefined;
  /** Password of a just-created account, to sign in right after its confirmation; never stored. */
  #newAccount: { username: string; password: string } | undefined;
  #loadGeneration = 0;

  constructor(
    client: SigningClient,
    outbox: OutboxClient,
    auth: DemoAuth,
    api: NotesApi,
    elements: AppElements,
    external?: ExternalSignIn,
  ) {
    this.#external = external;
    if (external) this.#authActions.signInElsewhere = () => external.signIn();
    this.#client = client;
    this.#outbox = outbox;
    this.#auth = auth;
    this.#authActions.factors = auth.factors;
    this.#api = api;
    this.#main = elements.main;
    elements.header.append(this.#status.element, this.#account.element);
    this.#main.before(this.#banner);
  }

  /** Shows the right screen for the worker's session and follows events from it and other tabs. */
  async start(): Promise<void> {
    this.#client.on('signed-in', ({ username }) => this.#enter(username ?? 'you'));
    this.#client.on('signed-out', () => this.#leave('You were signed out.'));
    this.#outbox.onChange((pendingWrites, failedWrites) => {
      this.#failedWrites = failedWrites;
      this.#setPending(pendingWrites);
    });
    this.#outbox.onWriteFailed(({ method, url, status, reason }) => {
      const answer = status === 0 ? 'no answer' : `HTTP ${status}`;
      const why = reason === 'refused' ? 'The server refused' : 'Gave up on';
      this.#showBanner(
        `${why} a change made offline: ${method} ${new URL(url).pathname} (${answer}).`,
      );
    });
    addEventListener('online', () => void this.#sync());
    addEventListener('offline', () => this.#renderStatus());
    this.#renderStatus();
    await this.#client.ready;
    const status = await this.#client.status();
    if (status.signedIn) {
      ({ pendingWrites: this.#pendingWrites, failedWrites: this.#failedWrites } =
        await this.#outbox.counts());
      this.#enter(status.username ?? 'you');
      void this.#sync();
    } else {
      this.#showAuth('sign-in');
    }
  }

  #authActions: AuthActions = {
    signIn: async (username, password) =>
      this.#follow(username, await this.#auth.signIn(username, { password })),
    factors: [],
    signInWith: async (username, factor) =>
      this.#follow(username, await this.#auth.signIn(username, { preferred: factor })),
    signUp: async (username, email, password) => {
      const result = await this.#auth.signUp(username, password, email);
      this.#newAccount = { username: username.trim(), password };
      if (result.confirmed) await this.#authActions.signIn(username, password);
      else this.#showAuth('confirm', username.trim(), result.codeSentTo);
    },
    confirm: async (username, code) => {
      await this.#auth.confirmSignUp(username, code);
      const account = this.#newAccount;
      this.#newAccount = undefined;
      if (account?.username === username.trim()) {
        await this.#authActions.signIn(account.username, account.password);
      } else {
        this.#showAuth('sign-in', undefined, undefined, 'Account confirmed. Sign in to continue.');
      }
    },
    show: (view, username) => this.#showAuth(view, username),
  };

  /** Shows the card for a sign-in's next step, or enters the app once it is done. */
  async #follow(username: string, step: DemoSignInStep, notice?: string): Promise<void> {
    if (step.kind !== 'signed-in') {
      const actions = {
        next: (next: DemoSignInStep, nextNotice?: string) =>
          this.#follow(username, next, nextNotice),
        restart: () => this.#auth.signIn(username, {}),
        back: () => this.#showAuth('sign-in'),
      };
      this.#showCard(signInStepView(step, username, actions, notice));
      return;
    }
    const session = await this.#auth.currentSession();
    if (!session) throw new AuthError('not-signed-in', 'The sign-in did not stick; try again.');
    await this.#client.signIn(session.idToken);
    this.#enter(session.username);
    void this.#sync();
  }

  #showAuth(
    view: 'sign-in' | 'sign-up' | 'confirm',
    username?: string,
    sentTo?: string,
    notice?: string,
  ): void {
    const card =
      view === 'sign-up'
        ? signUpView(this.#authActions)
        : view === 'confirm'
          ? confirmView(this.#authActions, username ?? this.#newAccount?.username, sentTo)
          : signInView(this.#authActions, notice);
    this.#showCard(card);
  }

  #showCard(card: HTMLElement): void {
    this.#notesView = undefined;
    this.#main.replaceChildren(card);
    card.querySelector<HTMLInputElement>('input:not([value]), input')?.focus();
  }

  /** Shows the notes screen for `username` (once, however many tabs or events say so). */
  #enter(username: string): void {
    if (this.#username === username && this.#notesView) return;
    this.#username = username;
    this.#notes = [];
    this.#hideBanner();
    this.#notesView = new NotesView({
      save: (id, title, content) => this.#save(id, title, content),
      remove: (id) => this.#remove(id),
    });
    const passkeys = this.#auth.passkeys;
    this.#main.replaceChildren(
      this.#notesView.element,
      ...(passkeys ? [new PasskeyPanel(passkeys).element] : []),
    );
    this.#account.show(this.#username);
    this.#renderStatus();
    void this.#load();
  }

  /** Back to the sign-in form, dropping everything held for the user. */
  #leave(notice?: string): void {
    if (this.#username === undefined && !this.#notesView) return;
    this.#username = undefined;
    this.#notes = [];
    this.#pendingWrites = 0;
    this.#failedWrites = 0;
    this.#loadGeneration++;
    this.#hideBanner();
    this.#account.show(this.#username);
    this.#renderStatus();
    this.#showAuth('sign-in', undefined, undefined, notice);
  }

  async #load(): Promise<void> {
    const generation = ++this.#loadGeneration;
    try {
      const notes = await this.#api.list();
      if (generation !== this.#loadGeneration) return;
      // Keep offline changes the server has not seen yet on screen.
      const pending = this.#notes.filter((n) => n.pending);
      const merged = notes.filter((n) => !pending.some((p) => p.id === n.id));
      this.#notes = [...merged, ...pending];
      this.#notesView?.show(this.#notes.filter((n) => !n.deleted));
    } catch (error) {
      if (generation === this.#loadGeneration) this.#failed(error);
    }
  }

  async #save(id: string | undefined, title: string, content: string): Promise<void> {
    const noteId = id ?? newNoteId();
    const outcome = await this.#call(() => this.#api.put(noteId, { title, content }));
    const now = new Date().toISOString();
    const existing = this.#notes.find((n) => n.id === noteId);
    const note: ShownNote =
      !outcome.queued && outcome.note
        ? outcome.note
        : {
            id: noteId,
            title,
            content,
            createdAt: existing?.createdAt ?? now,
            updatedAt: now,
            pending: true,
          };
    this.#notes = [...this.#notes.filter((n) => n.id !== noteId), note];
    this.#afterWrite(outcome.queued);
  }

  async #remove(id: string): Promise<void> {
    const outcome = await this.#call(() => this.#api.remove(id));
    const note = this.#notes.find((n) => n.id === id);
    this.#notes = this.#notes.filter((n) => n.id !== id);
    // Remember an offline delete so a reload from the (older) cache does not bring the note back.
    if (outcome.queued && note) this.#notes.push({ ...note, pending: true, deleted: true });
    this.#afterWrite(outcome.queued);
  }

  #afterWrite(queued: boolean): void {
    this.#notesView?.show(this.#notes.filter((n) => !n.deleted));
    // Online, read the list back so the worker's offline copy of it is current too.
    if (!queued) void this.#load();
  }

  async #call<T>(run: () => Promise<T>): Promise<T> {
    try {
      this.#hideBanner();
      return await run();
    } catch (error) {
      this.#failed(error);
      throw error;
    }
  }

  #failed(error: unknown): void {
    if (error instanceof NotesApiError && error.code === 'signed-out') {
      this.#leave('Your session has ended. Sign in again to continue.');
      return;
    }
    this.#showBanner(error instanceof Error ? error.message : String(error));
  }

  async #sync(): Promise<void> {
    this.#renderStatus();
    if (!navigator.onLine || this.#username === undefined) return;
    try {
      const { replayed } = await this.#outbox.sync();
      // Counts after the pass: another user's sign-in brings their own failed writes.
      const { pendingWrites, failedWrites } = await this.#outbox.counts();
      this.#failedWrites = failedWrites;
      this.#setPending(pendingWrites);
      // The list may have been read before the replay landed (e.g. right after sign-in).
      if (replayed > 0 && this.#username !== undefined) void this.#load();
    } catch (error) {
      console.warn('[demo] sync failed:', error);
    }
  }

  #setPending(pendingWrites: number): void {
    const synced =
      pendingWrites === 0 && (this.#pendingWrites > 0 || this.#notes.some((n) => n.pending));
    this.#pendingWrites = pendingWrites;
    this.#renderStatus();
    this.#account.pendingChanged(pendingWrites);
    if (synced && this.#username !== undefined) {
      this.#notes = this.#notes.filter((n) => !n.pending);
      void this.#load();
    }
  }

  async #signOut(): Promise<void> {
    await this.#client.signOut();
    await this.#auth.signOut();
    await this.#external?.signOut();
    this.#leave('You have signed out.');
  }

  #renderStatus(): void {
    this.#status.update({
      online: navigator.onLine,
      username: this.#username,
      pendingWrites: this.#pendingWrites,
      failedWrites: this.#failedWrites,
    });
  }

  #showBanner(message: string): void {
    this.#banner.textContent = message;
    this.#banner.hidden = false;
  }

  #hideBanner(): void {
    this.#banner.hidden = true;
  }
}
