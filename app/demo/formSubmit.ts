import { h } from './dom.ts';

/**
 * Runs `action` when `form` is submitted (with the button that submitted it): disables its buttons
 * meanwhile and shows a failure's message in an alert inside the form, so a person knows what to fix.
 */
export function onSubmit(
  form: HTMLFormElement,
  action: (form: HTMLFormElement, submitter: HTMLElement | null) => Promise<void>,
): void {
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  form.prepend(error);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const buttons = [...form.querySelectorAll('button')];
    for (const button of buttons) button.disabled = true;
    error.hidden = true;
    form.setAttribute('aria-busy', 'true');
    action(form, event.submitter)
      .catch((failure: unknown) => {
        error.textContent = failure instanceof Error ? failure.message : String(failure);
        error.hidden = false;
      })
      .finally(() => {
        form.removeAttribute('aria-busy');
        for (const button of buttons) button.disabled = false;
      });
  });
}
