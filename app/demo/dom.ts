/** What `h` accepts as a child: nodes, text, and falsy values that render nothing. */
export type Child = Node | string | number | false | null | undefined;

/** Attributes, boolean attributes and `on*` listeners for `h`. */
export type Props = Record<
  string,
  string | number | boolean | undefined | ((event: Event) => void)
>;

/** Creates an element: `h('button', { type: 'button', onclick: go }, 'Go')`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (typeof value === 'boolean') element.toggleAttribute(name, value);
    else if (value !== undefined) element.setAttribute(name, String(value));
  }
  element.append(...children.filter(isRendered).map((c) => (typeof c === 'number' ? `${c}` : c)));
  return element;
}

/** A labelled form field; the label's text is the control's accessible name. */
export function field(
  label: string,
  control: HTMLInputElement | HTMLTextAreaElement,
  hint?: string,
): HTMLLabelElement {
  return h(
    'label',
    { class: 'field' },
    h('span', { class: 'field-label' }, label),
    control,
    hint && h('small', { class: 'field-hint' }, hint),
  );
}

/** The trimmed value of a named control in a form. */
export function formValue(form: HTMLFormElement, name: string): string {
  const control = form.elements.namedItem(name);
  return control instanceof HTMLInputElement || control instanceof HTMLTextAreaElement
    ? control.value
    : '';
}

function isRendered(child: Child): child is Node | string | number {
  return child !== false && child !== null && child !== undefined;
}
