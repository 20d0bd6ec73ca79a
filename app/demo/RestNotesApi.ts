import type { Note } from './Note.ts';
import { callNotes, queued, type NotesApi, type WriteOutcome } from './NotesApi.ts';

/**
 * The notes as a REST resource (`GET /notes`, `PUT|DELETE /notes/{id}`), as an API Gateway stage,
 * an HTTP API or a Lambda Function URL serves them.
 */
export class RestNotesApi implements NotesApi {
  readonly #base: string;
  readonly #ready: Promise<void>;
  readonly #fetch: typeof fetch;

  constructor(
    apiUrl: string,
    ready: Promise<void>,
    fetchImpl: typeof fetch = fetch.bind(globalThis),
  ) {
    this.#base = `${apiUrl}/notes`;
    this.#ready = ready;
    this.#fetch = fetchImpl;
  }

  async list(): Promise<Note[]> {
    const response = await callNotes(this.#fetch, this.#ready, this.#base);
    return (await response.json()) as Note[];
  }

  async put(id: string, fields: Pick<Note, 'title' | 'content'>): Promise<WriteOutcome> {
    const response = await callNotes(this.#fetch, this.#ready, this.#noteUrl(id), {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(fields),
    });
    return (await queued(response)) ?? { queued: false, note: (await response.json()) as Note };
  }

  async remove(id: string): Promise<WriteOutcome> {
    const response = await callNotes(this.#fetch, this.#ready, this.#noteUrl(id), {
      method: 'DELETE',
    });
    return (await queued(response)) ?? { queued: false };
  }

  #noteUrl(id: string): string {
    return `${this.#base}/${encodeURIComponent(id)}`;
  }
}
