import { handleNotesRequest } from './handleNotesRequest.ts';
import type { NotesStorage } from './NotesStorage.ts';
import {
  notesFieldResult,
  notesRequestFor,
  type NotesField,
  type NotesFieldResult,
} from './notesGraphql.ts';

/**
 * What AppSync's resolver (`APPSYNC_NOTES_RESOLVER_CODE`) sends the notes Lambda for one field:
 * the arguments, the caller's identity and the field, shaped as a Direct Lambda resolver's event.
 */
export interface AppSyncNotesEvent {
  arguments: Record<string, unknown>;
  identity?: { cognitoIdentityId?: string | null } | null;
  info: { fieldName: string; parentTypeName?: string };
}

/** Settings of the AppSync notes resolver. */
export interface AppSyncNotesResolverOptions {
  storage: NotesStorage;
  now?: () => number;
}

/**
 * Builds the Lambda side of AppSync's notes resolver: one field becomes one call of the REST API's
 * handler, answered as `{ data }` or `{ error: { message, errorType } }` for the resolver to pass
 * to `util.error`.
 */
export function createAppSyncNotesResolver({ storage, now }: AppSyncNotesResolverOptions) {
  return async (event: AppSyncNotesEvent): Promise<NotesFieldResult> => {
    const field = event.info.fieldName;
    const args = event.arguments ?? {};
    // AppSync sets cognitoIdentityId from the SigV4 credentials; null for a plain IAM caller.
    const identityId = event.identity?.cognitoIdentityId ?? undefined;
    const request = notesRequestFor(field, args, identityId);
    if (request === undefined) {
      // The schema and the deployed resolvers disagree: an operator's problem, not the caller's.
      console.error('AppSync asked for a field the notes API does not have:', field);
      return { error: { message: `Unknown field ${field}`, errorType: 'InternalFailure' } };
    }
    const response = await handleNotesRequest(request, { storage, now });
    return notesFieldResult(field as NotesField, args, response);
  };
}
