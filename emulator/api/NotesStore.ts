import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { byCreation, type Note, type NoteFields, type NotesStorage } from '../../backend/index.ts';
import { randomHex } from '../settings.ts';

/** The file under `dataDir` that holds every identity's notes. */
export const NOTES_FILE = 'notes.json';

/** Thrown when the notes file exists but cannot be read as notes. */
export class NotesFileError extends Error {
  override name = 'NotesFileError' as const;
  constructor(
    readonly path: string,
    options?: ErrorOptions,
  ) {
    super(`Cannot read notes from ${path}; fix or delete the file`, options);
  }
}

/**
 * Notes per identity, kept in memory and written to `<dataDir>/notes.json` after every change
 * (temp file + rename, so a crash never leaves half a file). Writes are chained so they land in
 * order; each mutation resolves once its state is on disk.
 */
export class NotesStore implements NotesStorage {
  private readonly notes = new Map<string, Map<string, Note>>();
  private writing: Promise<void> = Promise.resolve();
  readonly path: string;

  constructor(readonly dataDir: string) {
    this.path = join(dataDir, NOTES_FILE);
    this.load();
  }

  async list(identityId: string): Promise<Note[]> {
    return [...(this.notes.get(identityId)?.values() ?? [])].sort(byCreation);
  }

  async get(identityId: string, id: string): Promise<Note | undefined> {
    return this.notes.get(identityId)?.get(id);
  }

  async put(identityId: string, id: string, fields: NoteFields, nowMs: number): Promise<Note> {
    const now = new Date(nowMs).toISOString();
    let own = this.notes.get(identityId);
    if (!own) this.notes.set(identityId, (own = new Map()));
    const note: Note = {
      id,
      title: fields.title,
      content: fields.content,
      createdAt: own.get(id)?.createdAt ?? now,
      updatedAt: now,
    };
    own.set(id, note);
    await this.save();
    return note;
  }

  async delete(identityId: string, id: string): Promise<boolean> {
    const existed = this.notes.get(identityId)?.delete(id) ?? false;
    if (existed) await this.save();
    return existed;
  }

  private load(): void {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      // No file yet is the normal first start; anything else is a real problem.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new NotesFileError(this.path, { cause: error });
    }
    try {
      const data = JSON.parse(text) as Record<string, Record<string, Note>>;
      for (const [identityId, notes] of Object.entries(data)) {
        this.notes.set(identityId, new Map(Object.entries(notes)));
      }
    } catch (error) {
      throw new NotesFileError(this.path, { cause: error });
    }
  }

  private save(): Promise<void> {
    const snapshot: Record<string, Record<string, Note>> = {};
    for (const [identityId, notes] of this.notes) {
      if (notes.size > 0) snapshot[identityId] = Object.fromEntries(notes);
    }
    const text = JSON.stringify(snapshot, null, 2);
    const write = async () => {
      await mkdir(this.dataDir, { recursive: true });
      const temp = `${this.path}.${randomHex(6)}.tmp`;
      await writeFile(temp, text);
      await rename(temp, this.path);
    };
    const next = this.writing.then(write, write);
    this.writing = next.catch(() => undefined);
    return next;
  }
}
