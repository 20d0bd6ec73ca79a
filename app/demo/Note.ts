/** A note as the notes API returns it. */
export interface Note {
  id: string;
  title: string;
  content: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  updatedAt: string;
}

/** A note on screen: the server's, or one changed offline that has not synced yet. */
export interface ShownNote extends Note {
  pending?: boolean;
  /** Deleted offline; kept out of sight until the delete syncs. */
  deleted?: boolean;
}

/** The characters the API allows in a note id. */
const NOTE_ID_CHARS = /[^A-Za-z0-9_-]/g;

/**
 * A new note id, chosen here rather than by the server so that a write replayed after a lost
 * answer updates the same note instead of creating a second one.
 */
export function newNoteId(): string {
  return crypto.randomUUID().replace(NOTE_ID_CHARS, '');
}
