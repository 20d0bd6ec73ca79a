import type { ChooseStep, CodeStep, FirstFactor } from 'sigv4-service-worker/auth/user-auth';
import { card, FACTOR_LABELS, linkButton } from './authCard.ts';
import type { DemoSignInStep } from './DemoAuth.ts';
import { field, formValue, h } from './dom.ts';
import { onSubmit } from './formSubmit.ts';

/** Value of the code form's resend button, which submits the form without a code. */
const RESEND = 'resend';

/** What the one-time code card asks of the app. */
export interface CodeActions {
  answer(code: string): Promise<void>;
  /** Sends a new code (and shows a new card for it). */
  resend(): Promise<void>;
  back(): void;
}

/** The card that takes a sign-in code sent by e-mail (or SMS), with a way to get a new one. */
export function codeView(
  actions: CodeActions,
  medium: 'email' | 'sms',
  destination?: string,
  notice?: string,
): HTMLElement {
  const form = h(
    'form',
    { class: 'stack', 'aria-label': 'Enter the code' },
    field(
      'Sign-in code',
      h('input', {
        name: 'code',
        inputmode: 'numeric',
        autocomplete: 'one-time-code',
        required: true,
        // Cognito's passwordless codes have 8 digits by e-mail, 6 by SMS.
        pattern: '[0-9]{6,8}',
      }),
      medium === 'email'
        ? 'With the local emulator, the code is printed in its console and kept in its mailbox.'
        : undefined,
    ),
    h('button', { type: 'submit', class: 'button primary' }, 'Continue'),
    h(
      'button',
      { type: 'submit', class: 'button', value: RESEND, formnovalidate: true },
      'Send a new code',
    ),
  );
  onSubmit(form, (f, submitter) =>
    (submitter as HTMLButtonElement | null)?.value === RESEND
      ? actions.resend()
      : actions.answer(formValue(f, 'code')),
  );
  const where = destination ?? (medium === 'email' ? 'your e-mail address' : 'your phone');
  return card(
    medium === 'email' ? 'Check your e-mail' : 'Check your phone',
    `We sent a sign-in code to ${where}.`,
    notice && h('p', { class: 'notice' }, notice),
    form,
    h(
      'p',
      { class: 'switch' },
      linkButton('Back to sign in', () => actions.back()),
    ),
  );
}

/** What the card that lists a user's sign-in choices asks of the app. */
export interface ChooseActions {
  choose(factor: FirstFactor, password?: string): Promise<void>;
  back(): void;
}

/** The card for SELECT_CHALLENGE: the ways this user may sign in, as Cognito listed them. */
export function chooseView(
  actions: ChooseActions,
  username: string,
  available: readonly FirstFactor[],
  notice?: string,
): HTMLElement {
  // SRP first where the pool offers both: the password itself then never leaves the page.
  const password =
    available.find((f) => f === 'PASSWORD_SRP') ?? available.find((f) => f === 'PASSWORD');
  const others = available.filter((f) => f !== 'PASSWORD' && f !== 'PASSWORD_SRP');
  const form = h(
    'form',
    { class: 'stack', 'aria-label': 'Choose how to sign in' },
    password &&
      field(
        'Password',
        h('input', { name: 'password', type: 'password', autocomplete: 'current-password' }),
      ),
    password &&
      h(
        'button',
        { type: 'submit', class: 'button primary', value: password },
        FACTOR_LABELS[password],
      ),
    ...others.map((factor) =>
      h('button', { type: 'submit', class: 'button', value: factor }, FACTOR_LABELS[factor]),
    ),
  );
  onSubmit(form, (f, submitter) => {
    const factor = available.find((a) => a === (submitter as HTMLButtonElement | null)?.value);
    if (!factor) return Promise.resolve();
    return factor === password
      ? actions.choose(factor, formValue(f, 'password'))
      : actions.choose(factor);
  });
  return card(
    'Choose how to sign in',
    `Ways ${username} can sign in:`,
    notice && h('p', { class: 'notice' }, notice),
    available.length > 0 ? form : h('p', {}, 'This account has no way to sign in here.'),
    h(
      'p',
      { class: 'switch' },
      linkButton('Back to sign in', () => actions.back()),
    ),
  );
}

/** What the card of a sign-in step needs from the app. */
export interface StepActions {
  /** Goes on to the step an answer led to, with a notice for its card. */
  next(step: DemoSignInStep, notice?: string): Promise<void>;
  /** Starts this user's sign-in again without a preference, for a fresh SELECT_CHALLENGE. */
  restart(): Promise<DemoSignInStep>;
  back(): void;
}

/** The card for a sign-in step that waits for the person: choose a factor, or enter a code. */
export function signInStepView(
  step: ChooseStep | CodeStep,
  username: string,
  actions: StepActions,
  notice?: string,
): HTMLElement {
  const { next, back } = actions;
  if (step.kind !== 'choose') {
    return codeView(
      {
        answer: async (code) => next(await step.answer(code)),
        resend: async () => next(await step.resend(), 'We sent you a new code.'),
        back,
      },
      step.kind === 'email-code' ? 'email' : 'sms',
      step.destination,
      notice,
    );
  }
  let current = step;
  const choose = async (factor: FirstFactor, password?: string) => {
    try {
      await next(await current.choose(factor, password));
    } catch (error) {
      // A failed answer spends the choice's Session: get a fresh one for the next try.
      const fresh = await actions.restart().catch(() => undefined);
      if (fresh?.kind === 'choose') current = fresh;
      throw error;
    }
  };
  return chooseView({ choose, back }, username, step.available, notice);
}
