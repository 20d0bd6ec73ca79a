/** A note as the API returns it. */
export interface Note {
  id: string;
  title: string;
  content: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  updatedAt: string;
}

/** The fields a client writes; the server keeps the id and the times. */
export type NoteFields = Pick<Note, 'title' | 'content'>;
