import { h } from './dom.ts';

/** What the status line says. */
export interface Status {
  online: boolean;
  username?: string;
  pendingWrites: number;
  /** Writes the API refused or that kept failing, until cleared. */
  failedWrites?: number;
}

/** One polite live region: online or offline, who is signed in, how many changes wait to sync. */
export class StatusLine {
  readonly element = h('p', { class: 'status-line', role: 'status', 'aria-live': 'polite' });

  update({ online, username, pendingWrites, failedWrites = 0 }: Status): void {
    const parts = [
      h('span', { class: `dot ${online ? 'online' : 'offline'}`, 'aria-hidden': 'true' }),
      h('span', { class: 'connection' }, online ? 'Online' : 'Offline'),
    ];
    if (username) {
      parts.push(sep(), h('span', { class: 'who' }, `Signed in as ${username}`));
      parts.push(
        sep(),
        h(
          'span',
          { class: pendingWrites > 0 ? 'pending' : 'synced' },
          pendingWrites === 0
            ? 'All changes synced'
            : `${pendingWrites} ${pendingWrites === 1 ? 'change' : 'changes'} waiting to sync`,
        ),
      );
      if (failedWrites > 0) {
        parts.push(
          sep(),
          h(
            'span',
            { class: 'failed' },
            `${failedWrites} ${failedWrites === 1 ? 'change' : 'changes'} failed to sync`,
          ),
        );
      }
    } else {
      parts.push(sep(), h('span', {}, 'Not signed in'));
    }
    this.element.replaceChildren(...parts);
  }
}

function sep(): HTMLElement {
  return h('span', { class: 'sep', 'aria-hidden': 'true' }, '·');
}
