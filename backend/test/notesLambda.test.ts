import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotesLambda, type ProxyEvent, type ProxyResult } from '../createNotesLambda.ts';
import type { NotesStorage } from '../NotesStorage.ts';
import { startDynalite, TEST_CREDENTIALS, type TestDynamo } from './startDynalite.ts';

const APP = 'https://app.example.com';
const ALICE = 'us-east-1:aaaaaaaa-0000-4000-8000-000000000001';

let dynamo: TestDynamo;
let handler: (event: ProxyEvent) => Promise<ProxyResult>;
let lambda: (event: unknown) => Promise<unknown>;

beforeAll(async () => {
  dynamo = await startDynalite();
  // The entry reads what infra/ sets on the function; the SDK reads the endpoint override.
  Object.assign(process.env, {
    TABLE_NAME: dynamo.tableName,
    ALLOWED_ORIGINS: `${APP},http://localhost:5173`,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
  });
  const entry = await import('../lambda.ts');
  lambda = entry.handler;
  // The REST API's events get the proxy answer; the entry's type covers every invoker.
  handler = (proxyEvent) => entry.handler(proxyEvent) as Promise<ProxyResult>;
});
afterAll(() => dynamo.close());

/** An API Gateway REST proxy event, as the `AWS_IAM` method hands it to the Lambda. */
function event(overrides: Partial<ProxyEvent> & { identityId?: string | null }): ProxyEvent {
  const { identityId = ALICE, ...rest } = overrides;
  return {
    httpMethod: 'GET',
    headers: { origin: APP },
    pathParameters: null,
    body: null,
    isBase64Encoded: false,
    requestContext: { identity: { cognitoIdentityId: identityId } },
    ...rest,
  };
}

describe('the notes Lambda', () => {
  it('stores and reads notes in DynamoDB for the identity API Gateway names', async () => {
    const written = await handler(
      event({
        httpMethod: 'PUT',
        pathParameters: { id: 'n1' },
        body: JSON.stringify({ title: 'Hi', content: 'there' }),
      }),
    );
    expect(written.statusCode).toBe(200);
    expect(written.headers['Content-Type']).toBe('application/json');
    const read = await handler(event({ pathParameters: { id: 'n1' } }));
    expect(JSON.parse(read.body)).toMatchObject({ id: 'n1', title: 'Hi', content: 'there' });
    const other = await handler(
      event({ pathParameters: { id: 'n1' }, identityId: 'us-east-1:someone-else' }),
    );
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('there');
  });

  it('reads a base64 body as API Gateway sends binary payloads', async () => {
    const body = Buffer.from(JSON.stringify({ title: 'é', content: '' })).toString('base64');
    const response = await handler(
      event({ httpMethod: 'PUT', pathParameters: { id: 'b64' }, body, isBase64Encoded: true }),
    );
    expect(JSON.parse(response.body)).toMatchObject({ title: 'é' });
  });

  it('answers an allowed origin with credentials-ready CORS headers, on errors too', async () => {
    for (const response of [
      await handler(event({})),
      await handler(event({ pathParameters: { id: 'missing' } })),
      await handler(event({ httpMethod: 'PUT', pathParameters: { id: 'x' }, body: '{' })),
      await handler(event({ httpMethod: 'DELETE', pathParameters: { id: 'x' } })),
    ]) {
      expect(response.headers).toMatchObject({
        'Access-Control-Allow-Origin': APP,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Expose-Headers': 'Date, x-amzn-ErrorType, x-amzn-RequestId',
        Vary: 'Origin',
      });
    }
  });

  it('finds the Origin header whatever its case, and ignores an origin outside the list', async () => {
    const upper = await handler(event({ headers: { Origin: 'http://localhost:5173' } }));
    expect(upper.headers['Access-Control-Allow-Origin']).toBe('http://localhost:5173');
    const foreign = await handler(event({ headers: { origin: 'https://evil.example' } }));
    expect(foreign.statusCode).toBe(200);
    expect(foreign.headers['Access-Control-Allow-Origin']).toBeUndefined();
    expect(foreign.headers['Access-Control-Allow-Credentials']).toBeUndefined();
  });

  it('refuses a caller with no Cognito identity', async () => {
    const response = await handler(event({ identityId: null }));
    expect(response.statusCode).toBe(403);
  });

  it('answers 500 with CORS and no internals when the storage fails', async () => {
    const failing: NotesStorage = {
      list: () => Promise.reject(new Error('ProvisionedThroughputExceeded: table secret-name')),
      get: () => Promise.reject(new Error('unused')),
      put: () => Promise.reject(new Error('unused')),
      delete: () => Promise.reject(new Error('unused')),
    };
    const lambda = createNotesLambda({ storage: failing, allowedOrigins: [APP] });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const response = await lambda(event({}));
      expect(response.statusCode).toBe(500);
      expect(JSON.parse(response.body)).toEqual({ message: 'Internal server error' });
      expect(response.headers['Access-Control-Allow-Origin']).toBe(APP);
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
  });
});

describe('the notes Lambda’s entry for every invoker', () => {
  it('answers a Function URL’s payload 2.0 event from the same table, without CORS headers', async () => {
    await handler(
      event({
        httpMethod: 'PUT',
        pathParameters: { id: 'shared' },
        body: JSON.stringify({ title: 'One table', content: '' }),
      }),
    );
    const response = (await lambda({
      version: '2.0',
      rawPath: '/notes/shared',
      headers: { origin: APP },
      isBase64Encoded: false,
      requestContext: {
        stage: '$default',
        http: { method: 'GET' },
        authorizer: { iam: { cognitoIdentity: { identityId: ALICE } } },
      },
    })) as ProxyResult;
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ id: 'shared', title: 'One table' });
    expect(response.headers['Access-Control-Allow-Origin']).toBeUndefined();
  });

  it('answers an AppSync field with the resolver’s data or error', async () => {
    const appsync = (fieldName: string, args: object, identityId: string | null = ALICE) =>
      lambda({
        arguments: args,
        identity: { cognitoIdentityId: identityId },
        info: { fieldName, parentTypeName: 'Query' },
      });
    expect(await appsync('note', { id: 'shared' })).toMatchObject({ data: { title: 'One table' } });
    expect(await appsync('notes', {}, null)).toEqual({
      error: { message: 'Caller has no Cognito identity', errorType: 'Unauthorized' },
    });
  });

  it('logs an event of unknown shape and answers 400 instead of throwing', async () => {
    const errors: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      for (const unknown of [
        {},
        null,
        'GET /notes',
        { Records: [{ eventSource: 'aws:sqs' }] },
        { version: '2.0', requestContext: {} },
        { info: { fieldName: 'notes' } },
      ]) {
        expect(await lambda(unknown), JSON.stringify(unknown)).toMatchObject({ statusCode: 400 });
      }
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(6);
    // Only the keys are logged: an event can carry credentials or note contents.
    expect(errors[3]).toEqual([expect.any(String), ['Records']]);
  });
});
