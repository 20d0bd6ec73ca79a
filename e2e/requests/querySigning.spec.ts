import type { EchoResponse } from '../../emulator/api/echoRoute.ts';
import { DEMO, expect, openApp, pageFetch, signInWorker, test } from '../support/fixtures.ts';

test.use({ buildEnv: { VITE_API_SIGN_QUERY: 'true' } });

/** Reads per case: enough that a preflight per request could not hide among them. */
const READS = 20;

test('query-signed GETs are CORS simple requests: no preflight, to one URL or to many', async ({
  page,
  stack,
  control,
}) => {
  await openApp(page, stack);
  const { identityId } = await signInWorker(
    page,
    (await control.tokens(DEMO.username, DEMO.password)).idToken,
  );
  const api = stack.emulator.apiUrl;
  const preflights = () => stack.emulator.state.counts.get('api.preflight.echo') ?? 0;
  const before = preflights();
  const answers = await page.evaluate(
    async ({ api, count }) => {
      const answers: { status: number; url: string; echo: unknown }[] = [];
      for (let i = 0; i < count * 2; i++) {
        const url = i < count ? `${api}/echo/query/same?q=a b` : `${api}/echo/query/${i}?q=a b`;
        const response = await fetch(url);
        answers.push({ status: response.status, url: response.url, echo: await response.json() });
      }
      return answers;
    },
    { api, count: READS },
  );
  expect(preflights() - before).toBe(0);
  for (const { status, url, echo } of answers) {
    expect(status).toBe(200);
    // What the page sees is its own URL: the signed one holds the session token.
    expect(url).not.toContain('X-Amz-');
    const received = echo as EchoResponse;
    expect(received.identityId).toBe(identityId);
    expect(received.headers.authorization).toBeUndefined();
    expect(received.queryParams['X-Amz-Signature']).toHaveLength(1);
    expect(received.queryParams.q).toEqual(['a b']);
  }

  // Writes are signed in headers as before; a read with a header of the app's is still signed.
  const write = await pageFetch(page, `${api}/echo/query/write`, { method: 'PUT', body: '{}' });
  expect(write.status).toBe(200);
  expect((write.json as unknown as EchoResponse).headers.authorization).toMatch(/^AWS4-HMAC/);
  const custom = await pageFetch(page, `${api}/echo/query/custom`, { headers: { 'X-App': '1' } });
  expect(custom.status).toBe(200);
  const signedHeaders = (custom.json as unknown as EchoResponse).queryParams['X-Amz-SignedHeaders'];
  expect(signedHeaders?.[0]?.split(';')).toEqual(expect.arrayContaining(['host', 'x-app']));
});
