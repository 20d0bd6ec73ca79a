import type { EmulatorState } from '../EmulatorState.ts';
import type { ApiResponse, RouteHandler } from './ApiResponse.ts';
import type { NotesStore } from './NotesStore.ts';
import { percentDecode } from './percentDecode.ts';

/** Ids safe in a path segment and a file key without escaping. */
const NOTE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Long enough for any heading, short enough for a list row. */
const MAX_TITLE_LENGTH = 200;

/** Generous for text notes, well under API Gateway's 10 MB payload limit. */
const MAX_CONTENT_LENGTH = 100_000;

/** The notes API's handlers, each scoped to the caller's identity. */
export interface NotesRoutes {
  list: RouteHandler;
  get(rawId: string): RouteHandler;
  put(rawId: string): RouteHandler;
  delete(rawId: string): RouteHandler;
}

/** Builds the notes handlers over a store, stamping times with the emulator's clock. */
export function notesRoutes(store: NotesStore, state: EmulatorState): NotesRoutes {
  return {
    list: async (_request, caller) => ({ status: 200, body: store.list(caller.identityId) }),
    get: (rawId) => async (_request, caller) => {
      const id = percentDecode(rawId);
      if (!NOTE_ID.test(id)) return invalidId();
      const note = store.get(caller.identityId, id);
      return note
        ? { status: 200, body: note }
        : { status: 404, body: { message: 'Note not found' } };
    },
    put: (rawId) => async (request, caller) => {
      const id = percentDecode(rawId);
      if (!NOTE_ID.test(id)) return invalidId();
      const parsed = parseNoteBody(request.body);
      if (typeof parsed === 'string') return { status: 400, body: { message: parsed } };
      return { status: 200, body: await store.put(caller.identityId, id, parsed, state.now()) };
    },
    delete: (rawId) => async (_request, caller) => {
      const id = percentDecode(rawId);
      if (!NOTE_ID.test(id)) return invalidId();
      await store.delete(caller.identityId, id);
      return { status: 204 };
    },
  };
}

function invalidId(): ApiResponse {
  return {
    status: 400,
    body: {
      message: `Note id must match ${NOTE_ID.source} (letters, digits, '_' or '-', 1 to 64)`,
    },
  };
}

/** The note fields from a PUT body, or a message saying what is wrong with it. */
function parseNoteBody(body: Buffer): { title: string; content: string } | string {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return 'Request body must be JSON: {"title": string, "content": string}';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'Request body must be a JSON object: {"title": string, "content": string}';
  }
  const { title, content } = value as Record<string, unknown>;
  if (typeof title !== 'string') return '"title" must be a string';
  if (typeof content !== 'string') return '"content" must be a string';
  if (title.length > MAX_TITLE_LENGTH)
    return `"title" must be at most ${MAX_TITLE_LENGTH} characters, got ${title.length}`;
  if (content.length > MAX_CONTENT_LENGTH)
    return `"content" must be at most ${MAX_CONTENT_LENGTH} characters, got ${content.length}`;
  return { title, content };
}
