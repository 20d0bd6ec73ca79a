import { h, type Child } from './dom.ts';

/** An auth screen's card: its title (the page's heading), a lead line and its forms. */
export function card(title: string, lead: string, ...children: Child[]): HTMLElement {
  return h(
    'section',
    { class: 'card auth-card', 'aria-labelledby': 'auth-title' },
    h('h1', { id: 'auth-title' }, title),
    h('p', { class: 'lead' }, lead),
    ...children,
  );
}

/** A button that reads as a link, for moving between the auth screens. */
export function linkButton(text: string, onClick: () => void): HTMLButtonElement {
  return h('button', { type: 'button', class: 'link', onclick: onClick }, text);
}

/** What a button offering each first factor says. */
export const FACTOR_LABELS = {
  PASSWORD: 'Sign in with password',
  PASSWORD_SRP: 'Sign in with password',
  EMAIL_OTP: 'Email me a code',
  SMS_OTP: 'Text me a code',
  WEB_AUTHN: 'Sign in with a passkey',
} as const;
