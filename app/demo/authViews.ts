import type { FirstFactor } from 'sigv4-service-worker/auth/user-auth';
import { card, FACTOR_LABELS, linkButton } from './authCard.ts';
import { field, formValue, h } from './dom.ts';
import { onSubmit } from './formSubmit.ts';

/** What the sign-in, sign-up and confirmation forms ask of the app. */
export interface AuthActions {
  signIn(username: string, password: string): Promise<void>;
  /** The factors the sign-in form offers next to the password, e.g. an e-mailed code, a passkey. */
  factors: readonly FirstFactor[];
  /** Starts a sign-in with one of `factors`. */
  signInWith(username: string, factor: FirstFactor): Promise<void>;
  signUp(username: string, email: string, password: string): Promise<void>;
  confirm(username: string, code: string): Promise<void>;
  show(view: 'sign-in' | 'sign-up' | 'confirm', username?: string): void;
  /** Sign-in on a hosted page (managed login), when the app is built with it. */
  signInElsewhere?(): Promise<void>;
}

/** The username input every auth form starts with. */
function usernameField(): HTMLElement {
  return field(
    'Username',
    h('input', {
      name: 'username',
      autocomplete: 'username',
      required: true,
      autocapitalize: 'none',
      spellcheck: 'false',
    }),
  );
}

/** The sign-in card: username, then a password or one of the other factors the app offers. */
export function signInView(actions: AuthActions, notice?: string): HTMLElement {
  const others = actions.factors;
  /** The factor whose button is submitting the form right now; none for the password. */
  let chosen: FirstFactor | undefined;
  const factorButton = (factor: FirstFactor) =>
    // Not a submit button: the form keeps one, the password's, which Enter in a field presses.
    h(
      'button',
      {
        type: 'button',
        class: 'button',
        onclick: () => {
          chosen = factor;
          // Submits synchronously (after the browser's own checks, so the username is required).
          form.requestSubmit();
          chosen = undefined;
        },
      },
      FACTOR_LABELS[factor],
    );
  const form: HTMLFormElement = h(
    'form',
    { class: 'stack', 'aria-label': 'Sign in' },
    usernameField(),
    field(
      'Password',
      h('input', {
        name: 'password',
        type: 'password',
        autocomplete: 'current-password',
        // Not needed for a code or a passkey; a password sign-in without one says so itself.
        required: others.length === 0,
      }),
    ),
    h('button', { type: 'submit', class: 'button primary' }, 'Sign in'),
    others.length > 0 && h('p', { class: 'or', 'aria-hidden': 'true' }, 'or'),
    ...others.map(factorButton),
  );
  onSubmit(form, (f) => {
    const username = formValue(f, 'username');
    return chosen
      ? actions.signInWith(username, chosen)
      : actions.signIn(username, formValue(f, 'password'));
  });
  return card(
    'Sign in',
    'Your notes, on every device, even offline.',
    notice && h('p', { class: 'notice' }, notice),
    form,
    actions.signInElsewhere && managedLoginButton(actions.signInElsewhere),
    h(
      'p',
      { class: 'switch' },
      'New here? ',
      linkButton('Create an account', () => actions.show('sign-up')),
    ),
  );
}

/** The sign-up card. */
export function signUpView(actions: AuthActions): HTMLElement {
  const form = h(
    'form',
    { class: 'stack', 'aria-label': 'Create an account' },
    usernameField(),
    field(
      'Email',
      h('input', { name: 'email', type: 'email', autocomplete: 'email', required: true }),
    ),
    field(
      'Password',
      h('input', {
        name: 'password',
        type: 'password',
        autocomplete: 'new-password',
        required: true,
        minlength: 8,
      }),
      'At least 8 characters, with upper and lower case letters, a digit and a symbol.',
    ),
    h('button', { type: 'submit', class: 'button primary' }, 'Create account'),
  );
  onSubmit(form, (f) =>
    actions.signUp(formValue(f, 'username'), formValue(f, 'email'), formValue(f, 'password')),
  );
  return card(
    'Create an account',
    'We will send you a code to confirm it.',
    form,
    h(
      'p',
      { class: 'switch' },
      'Already have one? ',
      linkButton('Sign in', () => actions.show('sign-in')),
      ' · ',
      linkButton('I have a code', () => actions.show('confirm')),
    ),
  );
}

/** The card that takes the confirmation code of a new account. */
export function confirmView(actions: AuthActions, username = '', sentTo?: string): HTMLElement {
  const form = h(
    'form',
    { class: 'stack', 'aria-label': 'Confirm your account' },
    field(
      'Username',
      h('input', {
        name: 'username',
        autocomplete: 'username',
        required: true,
        value: username,
        autocapitalize: 'none',
      }),
    ),
    field(
      'Confirmation code',
      h('input', {
        name: 'code',
        inputmode: 'numeric',
        autocomplete: 'one-time-code',
        required: true,
        pattern: '[0-9]{6}',
      }),
      sentTo
        ? `We sent it to ${sentTo}.`
        : 'With the local emulator, the code is printed in its console.',
    ),
    h('button', { type: 'submit', class: 'button primary' }, 'Confirm'),
  );
  onSubmit(form, (f) => actions.confirm(formValue(f, 'username'), formValue(f, 'code')));
  return card(
    'Confirm your account',
    'Enter the six-digit code.',
    form,
    h(
      'p',
      { class: 'switch' },
      linkButton('Back to sign in', () => actions.show('sign-in')),
    ),
  );
}

function managedLoginButton(signIn: () => Promise<void>): HTMLFormElement {
  const form = h(
    'form',
    { class: 'stack', 'aria-label': 'Managed login' },
    h('button', { type: 'submit', class: 'button' }, 'Sign in with managed login'),
  );
  onSubmit(form, () => signIn());
  return form;
}
