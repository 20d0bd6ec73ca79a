import type { Note } from './Note.ts';
import { callNotes, NotesApiError, queued, type NotesApi, type WriteOutcome } from './NotesApi.ts';

const NOTE_FIELDS = 'id title content createdAt updatedAt';
const LIST = `query Notes { notes { ${NOTE_FIELDS} } }`;
const PUT = `mutation PutNote($id: ID!, $input: NoteInput!) { putNote(id: $id, input: $input) { ${NOTE_FIELDS} } }`;
const DELETE = 'mutation DeleteNote($id: ID!) { deleteNote(id: $id) }';

/** The notes over GraphQL (`backend/notes.graphql`), as the AppSync API serves them. */
export class GraphqlNotesApi implements NotesApi {
  readonly #url: string;
  readonly #ready: Promise<void>;
  readonly #fetch: typeof fetch;

  /** `graphqlUrl` is the API's endpoint, e.g. `https://….appsync-api.<region>.amazonaws.com/graphql`. */
  constructor(
    graphqlUrl: string,
    ready: Promise<void>,
    fetchImpl: typeof fetch = fetch.bind(globalThis),
  ) {
    this.#url = graphqlUrl;
    this.#ready = ready;
    this.#fetch = fetchImpl;
  }

  async list(): Promise<Note[]> {
    const data = await this.#data(await this.#post(LIST, {}));
    return data.notes as Note[];
  }

  async put(id: string, fields: Pick<Note, 'title' | 'content'>): Promise<WriteOutcome> {
    const response = await this.#post(PUT, { id, input: fields });
    const outcome = await queued(response);
    return outcome ?? { queued: false, note: (await this.#data(response)).putNote as Note };
  }

  async remove(id: string): Promise<WriteOutcome> {
    const response = await this.#post(DELETE, { id });
    const outcome = await queued(response);
    if (outcome) return outcome;
    await this.#data(response);
    return { queued: false };
  }

  #post(query: string, variables: Record<string, unknown>): Promise<Response> {
    return callNotes(this.#fetch, this.#ready, this.#url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  }

  /** A GraphQL answer's `data`; its first error, if any, as the call's failure. */
  async #data(response: Response): Promise<Record<string, unknown>> {
    const body = (await response.json()) as {
      data?: Record<string, unknown> | null;
      errors?: { message?: string }[];
    };
    const error = body.errors?.[0];
    if (error || !body.data) {
      throw new NotesApiError(
        'rejected',
        error?.message ?? 'The notes service sent no data',
        response.status,
      );
    }
    return body.data;
  }
}
