import { handleNotesRequest, type NotesStorage } from '../../backend/index.ts';
import type { EmulatorState } from '../EmulatorState.ts';
import type { RouteHandler } from './ApiResponse.ts';
import { percentDecode } from './percentDecode.ts';

/** The notes API's handlers, each scoped to the caller's identity. */
export interface NotesRoutes {
  list: RouteHandler;
  get(rawId: string): RouteHandler;
  put(rawId: string): RouteHandler;
  delete(rawId: string): RouteHandler;
}

/**
 * The notes routes over a storage: the Lambda's own handler code, handed what API Gateway hands
 * the Lambda (the decoded `{id}`, the body as text, the caller's identity), on the emulator's clock.
 */
export function notesRoutes(storage: NotesStorage, state: EmulatorState): NotesRoutes {
  const route =
    (rawId?: string): RouteHandler =>
    (request, caller) =>
      handleNotesRequest(
        {
          method: request.method,
          noteId: rawId === undefined ? undefined : percentDecode(rawId),
          body: request.body.toString('utf8'),
          identityId: caller.identityId,
        },
        { storage, now: () => state.now() },
      );
  return { list: route(), get: route, put: route, delete: route };
}
