import 'fake-indexeddb/auto';
import { Outbox, type NewOutboxEntry } from '../Outbox.ts';

let databases = 0;

/** A fresh outbox in its own (fake) IndexedDB database. */
export function freshOutbox(): { outbox: Outbox; name: string } {
  const name = `outbox-test-${++databases}`;
  return { outbox: new Outbox(name), name };
}

export const API_URL = 'https://api.example.com/dev';

/** A queued PUT of a note for `identityId`. */
export function putEntry(identityId: string, noteId: string, title = noteId): NewOutboxEntry {
  return {
    id: `entry-${noteId}`,
    identityId,
    method: 'PUT',
    url: `${API_URL}/notes/${noteId}`,
    headers: [['content-type', 'application/json']],
    body: new TextEncoder().encode(JSON.stringify({ title, content: '' })).buffer as ArrayBuffer,
    queuedAt: 0,
  };
}
