import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { checkAllowedOrigins } from './corsPolicy.ts';
import { createNotesHandler } from './createNotesHandler.ts';
import { DynamoNotesStorage } from './DynamoNotesStorage.ts';

let notesHandler: ((event: unknown) => Promise<unknown>) | undefined;

/**
 * The notes Lambda's entry for every invoker (REST API, Function URL, HTTP API, AppSync): DynamoDB
 * table and allowed origins from the environment `infra/` sets.
 */
export function handler(event: unknown): Promise<unknown> {
  // Built on the first call and kept for the container's life: one client, warm connections.
  notesHandler ??= createNotesHandler({
    storage: new DynamoNotesStorage(new DynamoDBClient({}), process.env.TABLE_NAME ?? ''),
    allowedOrigins: checkAllowedOrigins((process.env.ALLOWED_ORIGINS ?? '').split(',')),
  });
  return notesHandler(event);
}
