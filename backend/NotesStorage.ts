import type { Note, NoteFields } from './Note.ts';

/**
 * Where notes live, always scoped by the owner's identity id: a file in the emulator, DynamoDB in
 * AWS. No method can reach another owner's notes.
 */
export interface NotesStorage {
  /** The owner's notes, oldest first (ties by id). */
  list(ownerId: string): Promise<Note[]>;
  get(ownerId: string, id: string): Promise<Note | undefined>;
  /** Creates or replaces a note, keeping `createdAt` on a replace, so a replayed PUT is harmless. */
  put(ownerId: string, id: string, fields: NoteFields, nowMs: number): Promise<Note>;
  /** Deletes a note if it exists; true when it did. */
  delete(ownerId: string, id: string): Promise<boolean>;
}

/** The order `list` returns: creation time, then id. */
export function byCreation(a: Note, b: Note): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}
