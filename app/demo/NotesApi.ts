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

/**
 * The demo's notes API, in plain `fetch` calls: the service worker signs them (and queues writes
 * made offline), so nothing here knows about credentials.
 */
export class NotesApi {
  readonly #base: string;
  readonly #ready: Promise<void>;
  readonly #fetch: typeof fetch;

  /** `ready` is the signing client's: no call may leave before the worker controls the page. */
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
    const response = await this.#call(this.#base);
    return (await response.json()) as Note[];
  }

  async put(id: string, fields: Pick<Note, 'title' | 'content'>): Promise<WriteOutcome> {
    const response = await this.#call(`${this.#base}/${encodeURIComponent(id)}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(fields),
    });
    return (await queued(response)) ?? { queued: false, note: (await response.json()) as Note };
  }

  async remove(id: string): Promise<WriteOutcome> {
    const response = await this.#call(`${this.#base}/${encodeURIComponent(id)}`, {
      method: 'DELETE',
    });
    return (await queued(response)) ?? { queued: false };
  }

  async #call(url: string, init?: RequestInit): Promise<Response> {
    await this.#ready;
    let response: Response;
    try {
      response = await this.#fetch(url, init);
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
}

async function queued(response: Response): Promise<WriteOutcome | undefined> {
  if (response.status !== 202) return undefined;
  const body = (await response.json()) as Partial<QueuedResponseBody>;
  return body.queued ? { queued: true, pendingWrites: body.pendingWrites ?? 0 } : undefined;
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: unknown; Message?: unknown };
    const message = body.message ?? body.Message;
    if (typeof message === 'string' && message !== '') return message;
  } catch {
    // Not JSON: fall back to the status below.
  }
  return `The notes service answered ${response.status} ${response.statusText}`.trim();
}
