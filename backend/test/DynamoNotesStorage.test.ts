import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoNotesStorage } from '../DynamoNotesStorage.ts';
import { startDynalite, type TestDynamo } from './startDynalite.ts';

let dynamo: TestDynamo;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(() => dynamo.close());

describe('DynamoNotesStorage', () => {
  it('lists every note even when the query takes more than one 1 MB page', async () => {
    const storage = new DynamoNotesStorage(dynamo.client, dynamo.tableName);
    const owner = 'us-east-1:dddddddd-0000-4000-8000-000000000004';
    const big = 'x'.repeat(90_000);
    for (let i = 0; i < 14; i++) {
      await storage.put(owner, `n${String(i).padStart(2, '0')}`, { title: '', content: big }, i);
    }
    // The scenario is real: one query stops at 1 MB and says where to go on.
    const firstPage = await dynamo.client.send(
      new QueryCommand({
        TableName: dynamo.tableName,
        KeyConditionExpression: 'identityId = :o',
        ExpressionAttributeValues: { ':o': { S: owner } },
      }),
    );
    expect(firstPage.LastEvaluatedKey).toBeDefined();
    const notes = await storage.list(owner);
    expect(notes.map((note) => note.id)).toEqual(
      Array.from({ length: 14 }, (_, i) => `n${String(i).padStart(2, '0')}`),
    );
  });

  it('says whether a delete removed anything', async () => {
    const storage = new DynamoNotesStorage(dynamo.client, dynamo.tableName);
    await storage.put('owner', 'once', { title: 't', content: 'c' }, 0);
    expect(await storage.delete('owner', 'once')).toBe(true);
    expect(await storage.delete('owner', 'once')).toBe(false);
  });

  it('refuses to be built without a table name', () => {
    expect(() => new DynamoNotesStorage(dynamo.client, '')).toThrow(TypeError);
  });
});
