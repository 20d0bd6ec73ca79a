import { describe, expect, it } from 'vitest';
import { parseApiUrl } from '../../../shared/config.ts';
import { readApiRequest, type ApiRequest } from '../../signing/ApiRequest.ts';
import { graphqlReadKey } from '../graphqlReadKey.ts';
import { graphqlOperation, isQueuedWrite } from '../isQueuedWrite.ts';

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).buffer;
const APPSYNC = parseApiUrl(
  'https://a1.appsync-api.eu-west-1.amazonaws.com/graphql',
  'eu-west-1',
  'appsync',
);
const REST = parseApiUrl('https://abc.execute-api.eu-west-1.amazonaws.com/dev', 'eu-west-1');

async function request(api: typeof REST, method: string, body?: unknown): Promise<ApiRequest> {
  const init = body === undefined ? { method } : { method, body: JSON.stringify(body) };
  return (await readApiRequest(new Request(`${api.url}/x`, init), api)) as ApiRequest;
}

describe('isQueuedWrite', () => {
  it('keeps every write to a REST API for later, and no read', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(isQueuedWrite(await request(REST, method, { query: '{ a }' })), method).toBe(true);
    }
    expect(isQueuedWrite(await request(REST, 'GET'))).toBe(false);
  });

  it('keeps a GraphQL mutation for later, but sends a query as a read', async () => {
    const mutation = { query: 'mutation Put($id: ID!) { putNote(id: $id) { id } }' };
    expect(isQueuedWrite(await request(APPSYNC, 'POST', mutation))).toBe(true);
    expect(isQueuedWrite(await request(APPSYNC, 'POST', { query: '{ notes { id } }' }))).toBe(
      false,
    );
    expect(isQueuedWrite(await request(APPSYNC, 'POST', 'not graphql'))).toBe(false);
  });
});

describe('graphqlOperation', () => {
  it.each([
    [{ query: '{ notes { id } }' }, 'query'],
    [{ query: 'query Notes { notes { id } }' }, 'query'],
    [{ query: '  mutation { deleteNote(id: "a") }' }, 'mutation'],
    [{ query: 'subscription S { onNote { id } }' }, 'subscription'],
    [{ query: 'fragment F on Note { id }\nmutation M { putNote { ...F } }' }, 'mutation'],
    [{ query: '# mutation in a comment\n{ notes { id } }' }, 'query'],
    [{ query: '{ search(text: "} mutation X") { id } }' }, 'query'],
    [
      { query: 'query A { notes { id } } mutation B { deleteNote(id: "x") }', operationName: 'B' },
      'mutation',
    ],
    [{ query: 'query A { notes { id } } mutation B { deleteNote(id: "x") }' }, 'query'],
    [{ variables: {} }, undefined],
    ['{ notes }', undefined],
  ])('reads %j as %s', (body, type) => {
    expect(graphqlOperation(bytes(body))).toBe(type);
  });

  it('reads no operation in a body that is not JSON', () => {
    expect(graphqlOperation(new TextEncoder().encode('mutation {').buffer)).toBeUndefined();
    expect(graphqlOperation(undefined)).toBeUndefined();
  });
});

describe('graphqlReadKey', () => {
  const query = (variables: unknown) => ({
    query: 'query N($id: ID!) { note(id: $id) { id } }',
    variables,
  });

  it('keys a GraphQL query by its body: the same query and variables, the same GET key', async () => {
    const a = await graphqlReadKey(await request(APPSYNC, 'POST', query({ id: '1' })));
    const again = await graphqlReadKey(await request(APPSYNC, 'POST', query({ id: '1' })));
    const other = await graphqlReadKey(await request(APPSYNC, 'POST', query({ id: '2' })));
    expect(a?.method).toBe('GET');
    expect(a?.url).toMatch(
      /^https:\/\/a1\.appsync-api\.eu-west-1\.amazonaws\.com\/graphql\/x\?graphql-body-sha256=[0-9a-f]{64}$/,
    );
    expect(again?.url).toBe(a?.url);
    expect(other?.url).not.toBe(a?.url);
  });

  it('keys no mutation and nothing sent to another service', async () => {
    const mutation = { query: 'mutation { deleteNote(id: "1") }' };
    expect(await graphqlReadKey(await request(APPSYNC, 'POST', mutation))).toBeUndefined();
    expect(await graphqlReadKey(await request(REST, 'POST', query({})))).toBeUndefined();
  });
});
