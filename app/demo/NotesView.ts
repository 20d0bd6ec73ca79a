import { field, formValue, h } from './dom.ts';
import { onSubmit } from './formSubmit.ts';
import type { ShownNote } from './Note.ts';

/** What the notes screen asks of the app. */
export interface NotesActions {
  /** Creates (no id) or updates a note. */
  save(id: string | undefined, title: string, content: string): Promise<void>;
  remove(id: string): Promise<void>;
}

const DATE_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The notes screen: a composer for new notes and the list, each note editable in place. */
export class NotesView {
  readonly element: HTMLElement;
  readonly #list: HTMLElement;
  readonly #actions: NotesActions;
  #notes: ShownNote[] = [];
  #editing: string | undefined;
  #loading = true;

  constructor(actions: NotesActions) {
    this.#actions = actions;
    this.#list = h('ul', { class: 'note-list', 'aria-label': 'Your notes', 'aria-busy': 'true' });
    this.element = h(
      'div',
      { class: 'notes' },
      this.#composer(),
      h(
        'section',
        { 'aria-labelledby': 'notes-title' },
        h('h2', { id: 'notes-title', class: 'section-title' }, 'Your notes'),
        this.#list,
      ),
    );
    this.#render();
  }

  /** Shows `notes`, newest first; an open editor keeps what was typed in it. */
  show(notes: ShownNote[]): void {
    this.#notes = [...notes].sort(
      (a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id),
    );
    this.#loading = false;
    if (this.#editing && !notes.some((n) => n.id === this.#editing)) this.#editing = undefined;
    this.#render();
  }

  #composer(): HTMLElement {
    const form = h(
      'form',
      { class: 'card composer stack', 'aria-label': 'New note' },
      field(
        'Title',
        h('input', {
          name: 'title',
          required: true,
          maxlength: 200,
          placeholder: 'What is it about?',
        }),
      ),
      field(
        'Content',
        h('textarea', {
          name: 'content',
          rows: 3,
          maxlength: 100000,
          placeholder: 'Write something…',
        }),
      ),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'button primary' }, 'Add note'),
      ),
    );
    onSubmit(form, async (f) => {
      await this.#actions.save(undefined, formValue(f, 'title').trim(), formValue(f, 'content'));
      f.reset();
      f.querySelector<HTMLInputElement>('input[name=title]')?.focus();
    });
    return form;
  }

  #render(): void {
    const drafts = this.#drafts();
    this.#list.setAttribute('aria-busy', String(this.#loading));
    if (this.#loading) {
      this.#list.replaceChildren(h('li', { class: 'empty' }, 'Loading your notes…'));
      return;
    }
    if (this.#notes.length === 0) {
      this.#list.replaceChildren(
        h('li', { class: 'empty' }, 'No notes yet. Write your first one above.'),
      );
      return;
    }
    this.#list.replaceChildren(
      ...this.#notes.map((note) =>
        h('li', {}, note.id === this.#editing ? this.#editor(note, drafts) : this.#card(note)),
      ),
    );
  }

  #card(note: ShownNote): HTMLElement {
    const titleId = `note-${note.id}`;
    return h(
      'article',
      { class: 'card note', 'aria-labelledby': titleId },
      h('h3', { id: titleId }, note.title || 'Untitled'),
      note.content && h('p', { class: 'note-content' }, note.content),
      h(
        'footer',
        { class: 'note-footer' },
        h(
          'span',
          { class: 'meta' },
          note.pending
            ? h('span', { class: 'badge' }, 'Waiting to sync')
            : `Updated ${formatDate(note.updatedAt)}`,
        ),
        h(
          'span',
          { class: 'actions' },
          h(
            'button',
            { type: 'button', class: 'button', onclick: () => this.#edit(note.id) },
            'Edit',
          ),
          h(
            'button',
            { type: 'button', class: 'button danger', onclick: (e) => this.#remove(note, e) },
            'Delete',
          ),
        ),
      ),
    );
  }

  #editor(note: ShownNote, drafts: Map<string, string>): HTMLElement {
    const form = h(
      'form',
      { class: 'card note editing stack', 'aria-label': `Edit note ${note.title}` },
      field(
        'Title',
        h('input', {
          name: 'title',
          required: true,
          maxlength: 200,
          value: drafts.get('title') ?? note.title,
        }),
      ),
      field(
        'Content',
        h(
          'textarea',
          { name: 'content', rows: 4, maxlength: 100000 },
          drafts.get('content') ?? note.content,
        ),
      ),
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          { type: 'button', class: 'button', onclick: () => this.#edit(undefined) },
          'Cancel',
        ),
        h('button', { type: 'submit', class: 'button primary' }, 'Save'),
      ),
    );
    onSubmit(form, async (f) => {
      await this.#actions.save(note.id, formValue(f, 'title').trim(), formValue(f, 'content'));
      this.#edit(undefined);
    });
    return form;
  }

  #edit(id: string | undefined): void {
    this.#editing = id;
    this.#render();
    if (id) this.#list.querySelector<HTMLInputElement>('form input[name=title]')?.focus();
  }

  #remove(note: ShownNote, event: Event): void {
    const button = event.currentTarget as HTMLButtonElement;
    button.disabled = true;
    this.#actions.remove(note.id).catch(() => {
      button.disabled = false;
    });
  }

  /** What was typed in the open editor, so a re-render does not lose it. */
  #drafts(): Map<string, string> {
    const form = this.#list.querySelector('form');
    const drafts = new Map<string, string>();
    if (form) for (const name of ['title', 'content']) drafts.set(name, formValue(form, name));
    return drafts;
  }
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : DATE_FORMAT.format(date);
}
