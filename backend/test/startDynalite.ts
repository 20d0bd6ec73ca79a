import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { NOTE_KEY, OWNER_KEY } from '../notesTable.ts';

/** Any values: dynalite checks that requests are signed, not by whom. */
export const TEST_CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' };

/** A dynalite server on a free loopback port with the notes table, as `infra/` defines it. */
export interface TestDynamo {
  endpoint: string;
  client: DynamoDBClient;
  tableName: string;
  close(): Promise<void>;
}

/** Starts dynalite in memory and creates the notes table; close it after the suite. */
export async function startDynalite(tableName = 'notes'): Promise<TestDynamo> {
  // Tables become ACTIVE at once, so no test waits on a timer.
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: TEST_CREDENTIALS,
  });
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      KeySchema: [
        { AttributeName: OWNER_KEY, KeyType: 'HASH' },
        { AttributeName: NOTE_KEY, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: OWNER_KEY, AttributeType: 'S' },
        { AttributeName: NOTE_KEY, AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return {
    endpoint,
    client,
    tableName,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
