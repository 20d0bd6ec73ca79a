import { h } from './dom.ts';

/** What the sign-out button needs from the app. */
export interface SignOutActions {
  /** Writes still waiting to sync for the signed-in user. */
  pendingWrites(): Promise<number>;
  signOut(): Promise<void>;
  failed(error: unknown): void;
}

/**
 * The header's sign-out button. With changes not yet synced, the first click only warns (they are
 * kept for this user's next sign-in on this device) and a second, "Sign out anyway", signs out.
 */
export class SignOutButton {
  readonly element = h('div', { class: 'account' });
  readonly #actions: SignOutActions;
  #username: string | undefined;
  /** Pending count the warning was shown for; undefined while not warning. */
  #warning: number | undefined;

  constructor(actions: SignOutActions) {
    this.#actions = actions;
  }

  /** Shows the button for `username`, or nothing when signed out. */
  show(username: string | undefined): void {
    this.#username = username;
    this.#warning = undefined;
    this.#render();
  }

  /** Drops the warning once everything has synced. */
  pendingChanged(pendingWrites: number): void {
    if (this.#warning !== undefined && pendingWrites === 0) this.show(this.#username);
  }

  async #click(): Promise<void> {
    if (this.#warning === undefined) {
      const pending = await this.#actions.pendingWrites();
      if (pending > 0) {
        this.#warning = pending;
        this.#render();
        return;
      }
    }
    await this.#actions.signOut();
  }

  #render(): void {
    if (this.#username === undefined) {
      this.element.replaceChildren();
      return;
    }
    const warning = this.#warning;
    const button = h(
      'button',
      { type: 'button', class: warning ? 'button danger' : 'button' },
      warning ? 'Sign out anyway' : 'Sign out',
    );
    button.addEventListener('click', () => {
      button.disabled = true;
      this.#click().catch((error: unknown) => {
        button.disabled = false;
        this.#actions.failed(error);
      });
    });
    if (warning === undefined) {
      this.element.replaceChildren(button);
      return;
    }
    const cancel = h('button', { type: 'button', class: 'link' }, 'Keep me signed in');
    cancel.addEventListener('click', () => this.show(this.#username));
    this.element.replaceChildren(
      h(
        'div',
        { class: 'warning', role: 'alert' },
        h(
          'p',
          {},
          `${warning} ${warning === 1 ? 'change has' : 'changes have'} not synced yet. `,
          `They stay on this device and sync the next time ${this.#username} signs in here.`,
        ),
        h('div', { class: 'actions' }, cancel, button),
      ),
    );
    button.focus();
  }
}
