import {
  createAppSyncNotesResolver,
  type AppSyncNotesEvent,
} from './createAppSyncNotesResolver.ts';
import { createHttpNotesLambda, type HttpEvent } from './createHttpNotesLambda.ts';
import {
  createNotesLambda,
  type NotesLambdaOptions,
  type ProxyEvent,
} from './createNotesLambda.ts';
import { notesEventKind } from './notesEventKind.ts';

/** The answer to an event of no known shape; Lambda returns it instead of retrying a throw. */
const UNKNOWN_EVENT_RESULT = {
  statusCode: 400,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ message: 'Unsupported event' }),
};

/**
 * Builds the notes Lambda's one handler: a REST API's proxy event, a Function URL's or HTTP API's
 * payload 2.0 event and an AppSync field each go to their adapter over the same storage.
 */
export function createNotesHandler(options: NotesLambdaOptions) {
  const rest = createNotesLambda(options);
  const http = createHttpNotesLambda(options);
  const appsync = createAppSyncNotesResolver(options);
  return async (event: unknown): Promise<unknown> => {
    switch (notesEventKind(event)) {
      case 'rest':
        return rest(event as ProxyEvent);
      case 'http':
        return http(event as HttpEvent);
      case 'appsync':
        return appsync(event as AppSyncNotesEvent);
      default:
        // A misrouted invoker (a test event, a new trigger): logged for the operator with its
        // top-level keys only, since the event may carry credentials or note contents.
        console.error(
          'notes Lambda got an event of unknown shape; keys:',
          event !== null && typeof event === 'object' ? Object.keys(event) : typeof event,
        );
        return UNKNOWN_EVENT_RESULT;
    }
  };
}
