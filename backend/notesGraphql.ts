import type { NotesRequest, NotesResponse } from './handleNotesRequest.ts';

/** The GraphQL fields of `notes.graphql`, each one call of the notes API. */
export type NotesField = 'notes' | 'note' | 'putNote' | 'deleteNote';

/** A field's error as AppSync reports it in `errors[]` (`util.error(message, errorType)`). */
export interface NotesFieldError {
  message: string;
  errorType: string;
}

/** What a field resolves to: its value, or an error. */
export type NotesFieldResult = { data: unknown } | { error: NotesFieldError };

/** The notes API's statuses as GraphQL error types (AppSync lets a resolver name its own). */
const ERROR_TYPES: Record<number, string> = {
  400: 'BadRequest',
  403: 'Unauthorized',
  404: 'NotFound',
  500: 'InternalFailure',
};

/**
 * The notes API call a GraphQL field stands for, so that AppSync's resolver and the emulator run
 * the REST API's own handler with its validation; undefined for a field the schema does not have.
 */
export function notesRequestFor(
  field: string,
  args: Record<string, unknown>,
  identityId: string | undefined,
): NotesRequest | undefined {
  const noteId = typeof args.id === 'string' ? args.id : undefined;
  switch (field) {
    case 'notes':
      return { method: 'GET', body: '', identityId };
    case 'note':
      return { method: 'GET', noteId: noteId ?? '', body: '', identityId };
    case 'putNote':
      return { method: 'PUT', noteId: noteId ?? '', body: JSON.stringify(args.input), identityId };
    case 'deleteNote':
      return { method: 'DELETE', noteId: noteId ?? '', body: '', identityId };
    default:
      return undefined;
  }
}

/** A field's value (or error) from the notes API's answer. */
export function notesFieldResult(
  field: NotesField,
  args: Record<string, unknown>,
  response: NotesResponse,
): NotesFieldResult {
  if (field === 'note' && response.status === 404) return { data: null };
  if (field === 'deleteNote' && response.status === 204) return { data: args.id };
  if (response.status >= 200 && response.status < 300) return { data: response.body };
  const body = response.body as { message?: unknown } | undefined;
  return {
    error: {
      message: typeof body?.message === 'string' ? body.message : `Status ${response.status}`,
      errorType: ERROR_TYPES[response.status] ?? 'InternalFailure',
    },
  };
}
