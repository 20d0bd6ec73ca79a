import type { QueuedResponseBody } from 'sigv4-service-worker/offline/client';
import type { Note } from './Note.ts';

/** Why a notes call failed, for the UI to branch on. */
export type NotesApiErrorCode = 'signed-out' | 'offline' | 'rejected';

/** A failed notes call, with a message for people and the HTTP status when there was one. */
export class NotesApiError extends Error {
  override name = 'NotesApiError' as const;
  readonly code: NotesApiErrorCode;
  readonly status: number | undefined;

  constructor(code: NotesApiErrorCode, message: string, status?: number, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.status = status;
  }
}

/** The result of a write: done on the server, or queued by the worker until the network returns. */
export type WriteOutcome = { queued: false; note?: Note } | { queued: true; pendingWrites: number };

/** The demo's notes, whichever service holds them (`notesApiFor` picks one). */
export interface NotesApi {
  list(): Promise<Note[]>;
  put(id: string, fields: Pick<Note, 'title' | 'content'>): Promise<WriteOutcome>;
  remove(id: string): Promise<WriteOutcome>;
}

/**
 * One call to the notes service in plain `fetch`: the service worker signs it (and queues writes
 * made offline), so nothing here knows about credentials. A failure is a `NotesApiError`.
 */
export async function callNotes(
  fetchImpl: typeof fetch,
  ready: Promise<void>,
  url: string,
  init?: RequestInit,
): Promise<Response> {
  // `ready` is the signing client's: no call may leave before the worker controls the page.
  await ready;
  let response: Response;
  try {
    response = await fetchImpl(url, init);
  } catch (cause) {
    throw new NotesApiError(
      'offline',
      "You're offline and these notes aren't saved on this device yet.",
      undefined,
      { cause },
    );
  }
  if (response.ok) return response;
  const message = await errorMessage(response);
  if (response.status === 401) throw new NotesApiError('signed-out', message, 401);
  if (response.status === 503) throw new NotesApiError('offline', message, 503);
  throw new NotesApiError('rejected', message, response.status);
}

/** A write the worker queued (its 202), or undefined for an answer from the service. */
export async function queued(response: Response): Promise<WriteOutcome | undefined> {
  if (response.status !== 202) return undefined;
  const body = (await response.json()) as Partial<QueuedResponseBody>;
  return body.queued ? { queued: true, pendingWrites: body.pendingWrites ?? 0 } : undefined;
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as {
      message?: unknown;
      Message?: unknown;
      errors?: { message?: unknown }[];
    };
    // API Gateway's `message`, Lambda's `Message`, a GraphQL service's `errors`.
    const message = body.message ?? body.Message ?? body.errors?.[0]?.message;
    if (typeof message === 'string' && message !== '') return message;
  } catch {
    // Not JSON: fall back to the status below.
  }
  return `The notes service answered ${response.status} ${response.statusText}`.trim();
}
