import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPSYNC_NOTES_RESOLVER_CODE } from '../appSyncNotesResolverCode.ts';
import {
  createAppSyncNotesResolver,
  type AppSyncNotesEvent,
} from '../createAppSyncNotesResolver.ts';
import { DynamoNotesStorage } from '../DynamoNotesStorage.ts';
import type { NotesFieldResult } from '../notesGraphql.ts';
import { startDynalite, type TestDynamo } from './startDynalite.ts';

const ALICE = 'eu-west-1:aaaaaaaa-0000-4000-8000-000000000001';
const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);

let dynamo: TestDynamo;
let resolve: (event: AppSyncNotesEvent) => Promise<NotesFieldResult>;

beforeAll(async () => {
  dynamo = await startDynalite();
  resolve = createAppSyncNotesResolver({
    storage: new DynamoNotesStorage(dynamo.client, dynamo.tableName),
    now: () => NOW,
  });
});
afterAll(() => dynamo.close());

const field = (
  fieldName: string,
  args: Record<string, unknown> = {},
  identityId: string | null = ALICE,
): AppSyncNotesEvent => ({
  arguments: args,
  identity: { cognitoIdentityId: identityId },
  info: { fieldName, parentTypeName: fieldName.endsWith('Note') ? 'Mutation' : 'Query' },
});

/** The error `util.error` raises in AppSync: the request stops and `errors[]` gets its fields. */
class AppSyncUtilError extends Error {
  constructor(
    message: string,
    readonly errorType: string,
  ) {
    super(message);
  }
}

/** The resolver code as APPSYNC_JS runs it, with `util` from `@aws-appsync/utils` stood in for. */
function loadResolverCode() {
  const importLine = "import { util } from '@aws-appsync/utils';";
  expect(APPSYNC_NOTES_RESOLVER_CODE.startsWith(importLine)).toBe(true);
  const body = APPSYNC_NOTES_RESOLVER_CODE.slice(importLine.length).replaceAll('export ', '');
  const util = {
    error(message: string, errorType: string): never {
      throw new AppSyncUtilError(message, errorType);
    },
  };
  type Handlers = {
    request(ctx: unknown): { operation: string; payload: AppSyncNotesEvent };
    response(ctx: unknown): unknown;
  };
  return new Function('util', `${body}\nreturn { request, response };`)(util) as Handlers;
}

describe('the AppSync notes resolver', () => {
  it('runs the four fields on the notes handler for the caller’s identity', async () => {
    const put = await resolve(field('putNote', { id: 'g1', input: { title: 'T', content: 'C' } }));
    expect(put).toEqual({ data: expect.objectContaining({ id: 'g1', title: 'T', content: 'C' }) });
    expect(await resolve(field('note', { id: 'g1' }))).toEqual(put);
    expect(await resolve(field('notes'))).toEqual({
      data: [expect.objectContaining({ id: 'g1' })],
    });
    expect(await resolve(field('deleteNote', { id: 'g1' }))).toEqual({ data: 'g1' });
    expect(await resolve(field('note', { id: 'g1' }))).toEqual({ data: null });
  });

  it('answers errors with a message and an error type, never throwing', async () => {
    expect(await resolve(field('notes', {}, null))).toEqual({
      error: { message: 'Caller has no Cognito identity', errorType: 'Unauthorized' },
    });
    const badId = await resolve(field('note', { id: 'a/b' }));
    expect(badId).toMatchObject({ error: { errorType: 'BadRequest' } });
    const badInput = await resolve(field('putNote', { id: 'x', input: { title: 1, content: '' } }));
    expect(badInput).toEqual({
      error: { message: '"title" must be a string', errorType: 'BadRequest' },
    });
  });

  it('takes the identity from cognitoIdentityId only', async () => {
    const event = {
      ...field('notes', {}, null),
      identity: { cognitoIdentityId: null, username: ALICE, userArn: ALICE, sub: ALICE },
    } as AppSyncNotesEvent;
    expect(await resolve(event)).toMatchObject({ error: { errorType: 'Unauthorized' } });
    expect(await resolve({ ...event, identity: null })).toMatchObject({
      error: { errorType: 'Unauthorized' },
    });
  });

  it('reports a field the schema does not have as an internal failure', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      expect(await resolve(field('dropTable'))).toEqual({
        error: { message: 'Unknown field dropTable', errorType: 'InternalFailure' },
      });
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
  });
});

describe('the APPSYNC_JS resolver code', () => {
  const { request, response } = loadResolverCode();
  const ctx = {
    arguments: { id: 'n1' },
    identity: {
      cognitoIdentityId: ALICE,
      cognitoIdentityPoolId: 'pool',
      userArn: 'arn',
      sourceIp: ['1.2.3.4'],
    },
    info: { fieldName: 'note', parentTypeName: 'Query', variables: {} },
  };

  it('invokes the Lambda with the arguments, the field and the Cognito identity id alone', () => {
    expect(request(ctx)).toEqual({
      operation: 'Invoke',
      payload: {
        arguments: { id: 'n1' },
        identity: { cognitoIdentityId: ALICE },
        info: { fieldName: 'note', parentTypeName: 'Query' },
      },
    });
  });

  it('feeds the notes resolver an event it resolves end to end', async () => {
    await resolve(field('putNote', { id: 'n1', input: { title: 'Via JS', content: '' } }));
    const result = await resolve(request(ctx).payload);
    expect(response({ ...ctx, result })).toMatchObject({ id: 'n1', title: 'Via JS' });
  });

  it('raises the Lambda’s error with util.error, keeping its message and error type', () => {
    const result = { error: { message: 'Note id must match', errorType: 'BadRequest' } };
    expect(() => response({ ...ctx, result })).toThrow(
      expect.objectContaining({ message: 'Note id must match', errorType: 'BadRequest' }),
    );
  });

  it('passes a failed invocation on as AppSync names it', () => {
    const error = { message: 'Task timed out', type: 'Lambda:ExecutionTimeoutException' };
    expect(() => response({ ...ctx, error, result: null })).toThrow(
      expect.objectContaining({ errorType: 'Lambda:ExecutionTimeoutException' }),
    );
  });

  it('answers null for a missing note rather than an error', () => {
    expect(response({ ...ctx, result: { data: null } })).toBeNull();
  });
});
