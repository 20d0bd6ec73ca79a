import { describe, expect, it } from 'vitest';
import { SIGNATURE_MISMATCH_TEXT } from '../../api/SignatureRejection.ts';
import { issueCredentials } from '../../api/test/apiTestHelpers.ts';
import type { IssuedCredentials } from '../../EmulatorState.ts';
import type { TestEmulator } from '../../test/startTestEmulator.ts';
import {
  answerOf,
  FUTURE_SKEW,
  PAST_SKEW,
  SERVER_NOW,
  serviceClient,
  setServerClock,
  useServiceEmulator,
} from './serviceTestHelpers.ts';

let stack: TestEmulator;
let credentials: IssuedCredentials;
let url: string;

useServiceEmulator('appSyncUrl', (test) => ({ stack, credentials, url } = test));

const PUT_NOTE =
  'mutation Put($id: ID!, $input: NoteInput!) { putNote(id: $id, input: $input) { id title content } }';

/** POSTs a GraphQL operation signed with `who` for `service`. */
async function graphql(
  query: string,
  variables: Record<string, unknown> = {},
  who = credentials,
  service = 'appsync',
): Promise<Response> {
  return serviceClient(who, service).fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
}

describe('AppSync runs notes.graphql for the signer', () => {
  it('answers a mutation and a query, scoped to the identity', async () => {
    const put = await graphql(PUT_NOTE, { id: 'g1', input: { title: 'GraphQL', content: 'c' } });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({
      data: { putNote: { id: 'g1', title: 'GraphQL', content: 'c' } },
    });
    const mine = await (await graphql('{ notes { id title } note(id: "g1") { title } }')).json();
    expect(mine).toEqual({
      data: { notes: [{ id: 'g1', title: 'GraphQL' }], note: { title: 'GraphQL' } },
    });
    const other = issueCredentials(stack.emulator);
    expect(
      await (await graphql('{ notes { id } note(id: "g1") { id } }', {}, other)).json(),
    ).toEqual({
      data: { notes: [], note: null },
    });
    expect(await (await graphql('mutation { deleteNote(id: "g1") }')).json()).toEqual({
      data: { deleteNote: 'g1' },
    });
    expect(stack.emulator.state.counts.get('appsync.signed.graphql')).toBeGreaterThan(0);
  });

  it('reports a resolver error in AppSync shape with the handler error type', async () => {
    const response = await graphql(PUT_NOTE, {
      id: 'bad id!',
      input: { title: 't', content: 'c' },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: unknown; errors: Record<string, unknown>[] };
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([
      {
        path: ['putNote'],
        data: null,
        errorType: 'BadRequest',
        errorInfo: null,
        locations: [{ line: 1, column: 46, sourceName: null }],
        message: expect.any(String) as string,
      },
    ]);
  });

  it('answers a validation error with AppSync texts and no data', async () => {
    const answer = await answerOf(await graphql('{ nope }'));
    expect(answer).toEqual({
      status: 400,
      errorType: null,
      body: {
        data: null,
        errors: [
          {
            path: null,
            locations: [{ line: 1, column: 3, sourceName: null }],
            message:
              "Validation error of type FieldUndefined: Field 'nope' in type 'Query' is undefined @ 'nope'",
          },
        ],
      },
    });
  });
});

describe('AppSync refuses, in its errors[] shape with x-amzn-ErrorType', () => {
  const refusal = (status: number, errorType: string, message: string) => ({
    status,
    errorType,
    body: { errors: [{ errorType, message }] },
  });

  it('a request without auth with 401 UnauthorizedException', async () => {
    const response = await fetch(url, { method: 'POST', body: '{"query":"{ notes { id } }"}' });
    expect(await answerOf(response)).toEqual(
      refusal(401, 'UnauthorizedException', 'Missing authorization header'),
    );
  });

  it('a request signed for execute-api', async () => {
    expect(
      await answerOf(await graphql('{ notes { id } }', {}, credentials, 'execute-api')),
    ).toEqual(
      refusal(
        403,
        'InvalidSignatureException',
        "Credential should be scoped to correct service: 'appsync'. ",
      ),
    );
  });

  it('unknown, expired and wrongly signed credentials', async () => {
    const stranger = { ...credentials, accessKeyId: 'ASIAUNKNOWN000000000' };
    expect(await answerOf(await graphql('{ notes { id } }', {}, stranger))).toEqual(
      refusal(
        403,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      ),
    );
    const expired = issueCredentials(stack.emulator, { expiresAt: stack.emulator.state.now() - 1 });
    expect(await answerOf(await graphql('{ notes { id } }', {}, expired))).toEqual(
      refusal(
        403,
        'ExpiredTokenException',
        'The security token included in the request is expired',
      ),
    );
    const wrong = { ...credentials, secretAccessKey: 'not-the-secret' };
    expect(await answerOf(await graphql('{ notes { id } }', {}, wrong))).toEqual(
      refusal(403, 'InvalidSignatureException', SIGNATURE_MISMATCH_TEXT),
    );
  });

  it('signatures 15 minutes off with the skew texts', async () => {
    setServerClock(stack.emulator, SERVER_NOW);
    for (const [datetime, message] of [
      ['20261126T020000Z', PAST_SKEW],
      ['20261126T023000Z', FUTURE_SKEW],
    ] as const) {
      const signed = await serviceClient(credentials, 'appsync').sign(url, {
        method: 'POST',
        body: '{"query":"{ notes { id } }"}',
        aws: { datetime },
      });
      expect(await answerOf(await fetch(signed))).toEqual(
        refusal(403, 'InvalidSignatureException', message),
      );
    }
  });
});

describe('AppSync CORS', () => {
  it('answers any origin with * on preflights and on errors', async () => {
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://anyone.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,x-amz-date,x-amz-security-token',
      },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toBe(
      'authorization,x-amz-date,x-amz-security-token',
    );
    expect(preflight.headers.get('access-control-max-age')).toBe('86400');
    const refused = await fetch(url, {
      method: 'POST',
      headers: { origin: 'https://anyone.example' },
    });
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    expect(refused.headers.get('access-control-expose-headers')).toContain('x-amzn-ErrorType');
    expect(stack.emulator.state.counts.get('appsync.preflight')).toBeGreaterThan(0);
  });
});
