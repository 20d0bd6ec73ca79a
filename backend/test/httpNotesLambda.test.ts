import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpNotesLambda,
  type HttpEvent,
  type HttpResult,
} from '../createHttpNotesLambda.ts';
import { DynamoNotesStorage } from '../DynamoNotesStorage.ts';
import { startDynalite, type TestDynamo } from './startDynalite.ts';

const ALICE = 'eu-west-1:aaaaaaaa-0000-4000-8000-000000000001';
const BOB = 'eu-west-1:bbbbbbbb-0000-4000-8000-000000000002';
const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);

let dynamo: TestDynamo;
let handler: (event: HttpEvent) => Promise<HttpResult>;

beforeAll(async () => {
  dynamo = await startDynalite();
  handler = createHttpNotesLambda({
    storage: new DynamoNotesStorage(dynamo.client, dynamo.tableName),
    now: () => NOW,
  });
});
afterAll(() => dynamo.close());

interface EventOptions {
  method?: string;
  path?: string;
  body?: string;
  isBase64Encoded?: boolean;
  stage?: string;
  /** The IAM authorizer's `cognitoIdentity`; null as for an IAM user, undefined for no authorizer. */
  cognitoIdentity?: { identityId?: string | null } | null;
}

/** A payload format 2.0 event as a Function URL with `AWS_IAM` sends it. */
function event(options: EventOptions = {}): HttpEvent {
  const { method = 'GET', path = '/notes', body, isBase64Encoded = false } = options;
  const { stage = '$default' } = options;
  // An explicit `cognitoIdentity: undefined` means no authorizer block, unlike leaving it out.
  const cognitoIdentity =
    'cognitoIdentity' in options ? options.cognitoIdentity : { identityId: ALICE };
  return {
    version: '2.0',
    rawPath: path,
    headers: { origin: 'https://app.example.com', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded,
    requestContext: {
      stage,
      http: { method },
      ...(cognitoIdentity === undefined
        ? {}
        : {
            authorizer: {
              iam: { cognitoIdentity: cognitoIdentity === null ? null : { ...cognitoIdentity } },
            },
          }),
    },
  };
}

const put = (path: string, fields: object, options: EventOptions = {}) =>
  handler(event({ method: 'PUT', path, body: JSON.stringify(fields), ...options }));

describe('the notes handler for payload format 2.0', () => {
  it('routes /notes and /notes/{id} from the raw path, scoped to the caller’s identity', async () => {
    const written = await put('/notes/n1', { title: 'Hi', content: 'there' });
    expect(written.statusCode).toBe(200);
    expect(written.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(written.body)).toMatchObject({ id: 'n1', title: 'Hi' });
    const listed = await handler(event());
    expect(JSON.parse(listed.body)).toEqual([expect.objectContaining({ id: 'n1' })]);
    const bobs = await handler(event({ cognitoIdentity: { identityId: BOB } }));
    expect(JSON.parse(bobs.body)).toEqual([]);
    const deleted = await handler(event({ method: 'DELETE', path: '/notes/n1' }));
    expect(deleted).toEqual({ statusCode: 204, headers: {}, body: '' });
  });

  it('percent-decodes the id once, so an encoded slash stays inside the id', async () => {
    await put('/notes/a-b', { title: 'dash', content: '' });
    const encoded = await handler(event({ path: '/notes/a%2Db' }));
    expect(JSON.parse(encoded.body)).toMatchObject({ id: 'a-b' });
    // `%252D` decodes once to `%2D`, which is not a valid id (no second decoding).
    const twice = await handler(event({ path: '/notes/a%252Db' }));
    expect(twice.statusCode).toBe(400);
    const slash = await handler(event({ path: '/notes/a%2Fb' }));
    expect(slash.statusCode).toBe(400);
    const malformed = await handler(event({ path: '/notes/%zz' }));
    expect(malformed.statusCode).toBe(400);
  });

  it('answers 404 for any other path, without reaching the storage', async () => {
    for (const path of ['/', '/note', '/notes/', '/notes/a/b', '/other/notes', 'notes']) {
      const response = await handler(event({ path }));
      expect(response.statusCode, path).toBe(404);
      expect(JSON.parse(response.body), path).toEqual({ message: 'Not Found' });
    }
  });

  it('strips an HTTP API’s named stage from the raw path, and only that stage', async () => {
    await put('/dev/notes/staged', { title: 'S', content: '' }, { stage: 'dev' });
    const read = await handler(event({ path: '/dev/notes/staged', stage: 'dev' }));
    expect(JSON.parse(read.body)).toMatchObject({ id: 'staged' });
    expect((await handler(event({ path: '/prod/notes', stage: 'dev' }))).statusCode).toBe(404);
    expect((await handler(event({ path: '/devnotes', stage: 'dev' }))).statusCode).toBe(404);
  });

  it('reads a base64 body as Function URLs send non-text payloads', async () => {
    const body = Buffer.from(JSON.stringify({ title: 'é', content: 'ü' })).toString('base64');
    const response = await handler(
      event({ method: 'PUT', path: '/notes/b64', body, isBase64Encoded: true }),
    );
    expect(JSON.parse(response.body)).toMatchObject({ title: 'é', content: 'ü' });
  });

  it('refuses with 403 a caller with no Cognito identity, or no IAM authorizer at all', async () => {
    for (const cognitoIdentity of [null, { identityId: null }, undefined]) {
      const response = await handler(event({ cognitoIdentity }));
      expect(response.statusCode, JSON.stringify(cognitoIdentity)).toBe(403);
      expect(JSON.parse(response.body)).toEqual({ message: 'Caller has no Cognito identity' });
    }
  });

  it('sets no CORS headers: the Function URL’s own CORS adds them', async () => {
    for (const response of [
      await handler(event()),
      await handler(event({ path: '/nowhere' })),
      await handler(event({ cognitoIdentity: null })),
    ]) {
      const names = Object.keys(response.headers).map((name) => name.toLowerCase());
      expect(names.filter((name) => name.startsWith('access-control-') || name === 'vary')).toEqual(
        [],
      );
    }
  });

  it('answers a method the route does not have with the handler’s 405', async () => {
    const response = await handler(event({ method: 'POST', path: '/notes' }));
    expect(response.statusCode).toBe(405);
  });
});
