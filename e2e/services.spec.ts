import type { EchoResponse } from '../emulator/api/echoRoute.ts';
import type { RunningEmulator } from '../emulator/index.ts';
import { startOtherOrigin } from './support/startOtherOrigin.ts';
import {
  DEMO,
  expect,
  openApp,
  pageFetch,
  postToWorker,
  signInWorker,
  test,
} from './support/fixtures.ts';

// The same worker signs for a Lambda Function URL (service `lambda`), an HTTP API (`execute-api`)
// and an AppSync API (`appsync`), each emulated on its own origin with its own refusals.

test.beforeEach(async ({ page, stack, control }) => {
  await openApp(page, stack);
  const { idToken } = await control.tokens(DEMO.username, DEMO.password);
  await signInWorker(page, idToken);
});

/** The REST-shaped endpoints: the echo route and the notes under the URL itself. */
const REST_ENDPOINTS = [
  {
    name: 'a Lambda Function URL',
    counter: 'lambdaUrl',
    url: (e: RunningEmulator) => e.functionUrl,
  },
  { name: 'an HTTP API', counter: 'httpApi', url: (e: RunningEmulator) => e.httpApiUrl },
] as const;

/** Requests a service received, preflights apart: a refused one and its retry make two. */
const sent = (counts: Record<string, number>, counter: string) =>
  (counts[counter] ?? 0) - (counts[`${counter}.preflight`] ?? 0);

/** Each kind of body the app may hand to fetch, built in the page. */
const BODY_KINDS = ['text', 'json', 'binary', 'blob', 'form', 'params', 'stream'] as const;

for (const endpoint of REST_ENDPOINTS) {
  test.describe(endpoint.name, () => {
    test('signs every method and every kind of body, byte for byte', async ({ page, stack }) => {
      const url = endpoint.url(stack.emulator);
      const results = await page.evaluate(
        async ([base, kinds]) => {
          const hex = async (bytes: ArrayBuffer) =>
            Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) =>
              b.toString(16).padStart(2, '0'),
            ).join('');
          const body = (kind: string): BodyInit => {
            switch (kind) {
              case 'text':
                return 'plain text, ünïcode ✓';
              case 'json':
                return JSON.stringify({ note: 'a', n: [1, 2] });
              case 'binary':
                return new Uint8Array([0, 255, 10, 13, 128]).buffer;
              case 'blob':
                return new Blob(['blob bytes'], { type: 'application/octet-stream' });
              case 'form': {
                const form = new FormData();
                form.append('field', 'value');
                form.append('file', new Blob(['file bytes']), 'a.txt');
                return form;
              }
              case 'params':
                return new URLSearchParams({ a: '1 2', b: '+' });
              default:
                return new ReadableStream({
                  start(controller) {
                    controller.enqueue(new TextEncoder().encode('streamed'));
                    controller.close();
                  },
                });
            }
          };
          const out: {
            label: string;
            status: number;
            echo?: Record<string, unknown>;
            sha?: string;
          }[] = [];
          for (const method of ['GET', 'HEAD', 'DELETE']) {
            const response = await fetch(`${base}/echo/${method}?q=a b&q=✓`, { method });
            out.push({
              label: method,
              status: response.status,
              echo: method === 'HEAD' ? undefined : await response.json(),
            });
          }
          for (const method of ['POST', 'PUT', 'patch']) {
            for (const kind of method === 'POST' ? kinds : ['json']) {
              const init = { method, body: body(kind), duplex: 'half' } as RequestInit;
              // What fetch sends for this body (a stream is read once, so rebuild it).
              const sent =
                kind === 'form'
                  ? undefined
                  : await new Request(base, { ...init, body: body(kind) }).arrayBuffer();
              const response = await fetch(`${base}/echo/${kind}`, init);
              out.push({
                label: `${method} ${kind}`,
                status: response.status,
                echo: await response.json(),
                sha: sent && (await hex(sent)),
              });
            }
          }
          return out;
        },
        [url, BODY_KINDS] as const,
      );
      for (const { label, status, echo, sha } of results) {
        expect(status, label).toBe(200);
        if (!echo) continue;
        const received = echo as unknown as EchoResponse;
        expect(received.method, label).toBe(label.split(' ')[0]!.toUpperCase());
        expect(received.identityId, label).toMatch(/^us-east-1:/);
        if (sha) expect(received.bodySha256, label).toBe(sha);
        if (label.endsWith('form')) {
          expect(received.headers['content-type'], label).toMatch(
            /^multipart\/form-data; boundary=/,
          );
        }
        if (endpoint.counter === 'lambdaUrl' && received.bodyLength > 0) {
          // A Function URL takes no body without its hash: the worker sends and signs it.
          expect(received.headers['x-amz-content-sha256'], label).toBe(received.bodySha256);
        }
      }
      expect(results.find((r) => r.label === 'GET')!.echo!.queryParams).toEqual({
        q: ['a b', '✓'],
      });
    });

    test('serves the notes, and recovers from expired credentials and a skewed clock', async ({
      page,
      stack,
      control,
    }) => {
      const url = endpoint.url(stack.emulator);
      const put = await pageFetch(page, `${url}/notes/svc-1`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ title: 'From the worker', content: endpoint.name }),
      });
      expect(put.status, put.text).toBe(200);

      const before = await control.counts();
      await control.expireCredentials();
      const afterExpiry = await pageFetch(page, `${url}/notes`);
      expect(afterExpiry.status, afterExpiry.text).toBe(200);
      expect(afterExpiry.json).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: 'svc-1', title: 'From the worker' }),
        ]),
      );
      const expired = await control.counts();
      // One refusal, one new set of credentials, one signed answer.
      expect(
        (expired['GetCredentialsForIdentity'] ?? 0) - (before['GetCredentialsForIdentity'] ?? 0),
      ).toBe(1);
      expect(sent(expired, endpoint.counter) - sent(before, endpoint.counter)).toBe(2);

      await control.setClock(15 * 60);
      const skewed = await pageFetch(page, `${url}/echo/skew`);
      expect(skewed.status, skewed.text).toBe(200);
      const reply = await postToWorker(page, { type: 'status', v: 1 });
      const offset = (reply as { result: { clockOffsetMs: number } }).result.clockOffsetMs;
      expect(Math.abs(offset - 15 * 60_000)).toBeLessThan(5_000);
      const after = await control.counts();
      expect(sent(after, endpoint.counter) - sent(expired, endpoint.counter)).toBe(2);
    });
  });
}

test.describe('an AppSync API', () => {
  const graphql = (
    page: Parameters<typeof pageFetch>[0],
    url: string,
    query: string,
    variables = {},
  ) =>
    pageFetch(page, url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });

  test('answers queries and mutations sent with plain fetch, and refuses other verbs', async ({
    page,
    stack,
  }) => {
    const url = stack.emulator.appSyncUrl;
    const put = await graphql(
      page,
      url,
      'mutation Put($id: ID!, $input: NoteInput!) { putNote(id: $id, input: $input) { id title } }',
      { id: 'gql-1', input: { title: 'Over GraphQL', content: 'signed by the worker' } },
    );
    expect(put.status, put.text).toBe(200);
    expect(put.json).toEqual({ data: { putNote: { id: 'gql-1', title: 'Over GraphQL' } } });
    const list = await graphql(page, url, '{ notes { id content } }');
    expect(list.json?.data).toEqual({
      notes: expect.arrayContaining([{ id: 'gql-1', content: 'signed by the worker' }]),
    });
    // The notes handler's own validation, as a GraphQL error.
    const bad = await graphql(
      page,
      url,
      'mutation { putNote(id: "bad id!", input: { title: "t", content: "c" }) { id } }',
    );
    expect(bad.status, bad.text).toBe(200);
    expect(bad.json?.errors).toEqual([expect.objectContaining({ errorType: 'BadRequest' })]);

    const put405 = await pageFetch(page, url, { method: 'PUT', body: '{}' });
    expect(put405.status).toBe(405);
    expect(put405.json).toMatchObject({ code: 'unsupported-method' });
  });

  test('recovers from expired credentials and a skewed clock', async ({ page, stack, control }) => {
    const url = stack.emulator.appSyncUrl;
    const before = await control.counts();
    await control.expireCredentials();
    const list = await graphql(page, url, '{ notes { id } }');
    expect(list.status, list.text).toBe(200);
    expect(list.json).toEqual({ data: { notes: expect.any(Array) } });
    const expired = await control.counts();
    expect(
      (expired['GetCredentialsForIdentity'] ?? 0) - (before['GetCredentialsForIdentity'] ?? 0),
    ).toBe(1);
    expect(sent(expired, 'appsync') - sent(before, 'appsync')).toBe(2);

    await control.setClock(-15 * 60);
    const skewed = await graphql(page, url, '{ notes { id } }');
    expect(skewed.status, skewed.text).toBe(200);
    const after = await control.counts();
    expect(sent(after, 'appsync') - sent(expired, 'appsync')).toBe(2);
  });
});

test('leaves a third-party origin untouched beside the signed services', async ({
  page,
  stack,
}) => {
  const other = await startOtherOrigin();
  try {
    const statuses = await page.evaluate(
      async (urls) =>
        Promise.all(
          urls.map((url) =>
            fetch(url, { method: 'POST', body: 'x', headers: { 'X-App': '1' } }).then(
              (r) => r.status,
            ),
          ),
        ),
      [
        `${other.origin}/lambda`,
        `${other.origin}/graphql`,
        `${stack.emulator.functionUrl}/echo/beside`,
      ],
    );
    expect(statuses).toEqual([200, 200, 200]);
    expect(other.received.filter((r) => r.method === 'POST')).toHaveLength(2);
    for (const { headers } of other.received) {
      expect(headers['authorization']).toBeUndefined();
      expect(headers['x-amz-date']).toBeUndefined();
      expect(headers['x-amz-security-token']).toBeUndefined();
      expect(headers['x-amz-content-sha256']).toBeUndefined();
    }
  } finally {
    await other.close();
  }
});
