import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { checkAllowedOrigins } from './corsPolicy.ts';
import { createNotesLambda, type ProxyEvent, type ProxyResult } from './createNotesLambda.ts';
import { DynamoNotesStorage } from './DynamoNotesStorage.ts';

let notesLambda: ((event: ProxyEvent) => Promise<ProxyResult>) | undefined;

/** The notes Lambda's entry: DynamoDB table and allowed origins from the environment `infra/` sets. */
export function handler(event: ProxyEvent): Promise<ProxyResult> {
  // Built on the first call and kept for the container's life: one client, warm connections.
  notesLambda ??= createNotesLambda({
    storage: new DynamoNotesStorage(new DynamoDBClient({}), process.env.TABLE_NAME ?? ''),
    allowedOrigins: checkAllowedOrigins((process.env.ALLOWED_ORIGINS ?? '').split(',')),
  });
  return notesLambda(event);
}
