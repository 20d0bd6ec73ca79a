import type { NoteFields } from './Note.ts';
import type { NotesStorage } from './NotesStorage.ts';

/** Ids safe in a path segment and a storage key without escaping. */
const NOTE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Long enough for any heading, short enough for a list row. */
const MAX_TITLE_LENGTH = 200;

/** Generous for text notes, well under API Gateway's 10 MB payload limit. */
const MAX_CONTENT_LENGTH = 100_000;

/** One call of the notes API, after API Gateway matched the route and verified the caller. */
export interface NotesRequest {
  method: string;
  /** The `{id}` path parameter, already percent-decoded (as API Gateway hands it over); absent on `/notes`. */
  noteId?: string;
  /** The body as text; empty when none. */
  body: string;
  /** The caller's Cognito identity id; every read and write is scoped to it. */
  identityId: string | undefined;
}

/** What the notes API answers; `body` is sent as JSON unless undefined. */
export interface NotesResponse {
  status: number;
  body?: unknown;
}

/** Dependencies of the handler: the storage and the clock stamping note times. */
export interface NotesContext {
  storage: NotesStorage;
  now?: () => number;
}

/**
 * The notes API (`GET /notes`, `GET|PUT|DELETE /notes/{id}`), the same code in the emulator and
 * the Lambda: validates input and answers 400 with a message saying what is wrong; a failing
 * storage gets a 500 without its details.
 */
export async function handleNotesRequest(
  request: NotesRequest,
  context: NotesContext,
): Promise<NotesResponse> {
  try {
    return await answer(request, context);
  } catch (error) {
    // Logged for the operator (CloudWatch, the emulator's console); the caller gets API Gateway's
    // own wording and nothing of the storage's message.
    console.error('notes request failed:', error);
    return { status: 500, body: { message: 'Internal server error' } };
  }
}

async function answer(
  request: NotesRequest,
  { storage, now = Date.now }: NotesContext,
): Promise<NotesResponse> {
  const owner = request.identityId;
  // An IAM user or role calling the API directly has no Cognito identity: nothing to scope to.
  if (!owner) return { status: 403, body: { message: 'Caller has no Cognito identity' } };
  const { method, noteId } = request;
  if (noteId === undefined) {
    if (method === 'GET') return { status: 200, body: await storage.list(owner) };
    return methodNotAllowed(method, 'GET');
  }
  if (!NOTE_ID.test(noteId)) return invalidId();
  switch (method) {
    case 'GET': {
      const note = await storage.get(owner, noteId);
      return note
        ? { status: 200, body: note }
        : { status: 404, body: { message: 'Note not found' } };
    }
    case 'PUT': {
      const parsed = parseNoteBody(request.body);
      if (typeof parsed === 'string') return { status: 400, body: { message: parsed } };
      return { status: 200, body: await storage.put(owner, noteId, parsed, now()) };
    }
    case 'DELETE':
      await storage.delete(owner, noteId);
      return { status: 204 };
    default:
      return methodNotAllowed(method, 'GET, PUT, DELETE');
  }
}

function methodNotAllowed(method: string, allowed: string): NotesResponse {
  return { status: 405, body: { message: `${method} is not allowed here; use ${allowed}` } };
}

function invalidId(): NotesResponse {
  return {
    status: 400,
    body: {
      message: `Note id must match ${NOTE_ID.source} (letters, digits, '_' or '-', 1 to 64)`,
    },
  };
}

/** The note fields from a PUT body, or a message saying what is wrong with it. */
function parseNoteBody(body: string): NoteFields | string {
  let value: unknown;
  try {
    value = JSON.parse(body);
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
