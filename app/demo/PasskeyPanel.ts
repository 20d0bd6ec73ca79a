import type { Passkey } from 'sigv4-service-worker/auth/user-auth';
import type { PasskeyManager } from './DemoAuth.ts';
import { h } from './dom.ts';
import { onSubmit } from './formSubmit.ts';

const DATE_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/**
 * The signed-in user's passkeys, folded away until opened (so a sign-in costs no extra Cognito
 * call): add one on this device, see the list, remove one.
 */
export class PasskeyPanel {
  readonly element: HTMLDetailsElement;
  readonly #passkeys: PasskeyManager;
  readonly #list = h('ul', {
    class: 'passkey-list',
    'aria-label': 'Your passkeys',
    'aria-busy': 'true',
  });
  readonly #error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  #loaded = false;

  constructor(passkeys: PasskeyManager) {
    this.#passkeys = passkeys;
    const add = h(
      'form',
      { class: 'stack', 'aria-label': 'Add a passkey' },
      h('button', { type: 'submit', class: 'button' }, 'Add a passkey'),
    );
    onSubmit(add, async () => {
      await this.#passkeys.add();
      await this.#load();
    });
    this.element = h(
      'details',
      { class: 'card passkeys' },
      h('summary', { class: 'section-title' }, 'Passkeys'),
      h('p', { class: 'lead' }, 'Sign in with this device instead of a password.'),
      this.#error,
      this.#list,
      add,
    );
    this.element.addEventListener('toggle', () => {
      if (this.element.open && !this.#loaded) void this.#load();
    });
  }

  async #load(): Promise<void> {
    this.#loaded = true;
    this.#list.setAttribute('aria-busy', 'true');
    try {
      this.#show(await this.#passkeys.list());
      this.#error.hidden = true;
    } catch (error) {
      this.#loaded = false;
      this.#fail(error);
    } finally {
      this.#list.setAttribute('aria-busy', 'false');
    }
  }

  #show(passkeys: Passkey[]): void {
    if (passkeys.length === 0) {
      this.#list.replaceChildren(h('li', { class: 'empty' }, 'No passkeys yet.'));
      return;
    }
    this.#list.replaceChildren(...passkeys.map((p) => this.#item(p)));
  }

  #item(passkey: Passkey): HTMLLIElement {
    const name = passkey.name ?? 'Passkey';
    const remove = h(
      'button',
      { type: 'button', class: 'button danger', 'aria-label': `Remove passkey ${name}` },
      'Remove',
    );
    remove.addEventListener('click', () => {
      remove.disabled = true;
      this.#passkeys
        .remove(passkey.credentialId)
        .then(() => this.#load())
        .catch((error: unknown) => {
          remove.disabled = false;
          this.#fail(error);
        });
    });
    return h(
      'li',
      { class: 'passkey' },
      h('span', { class: 'passkey-name' }, name),
      passkey.createdAt &&
        h('small', { class: 'passkey-date' }, `added ${DATE_FORMAT.format(passkey.createdAt)}`),
      remove,
    );
  }

  #fail(error: unknown): void {
    this.#error.textContent = error instanceof Error ? error.message : String(error);
    this.#error.hidden = false;
  }
}
