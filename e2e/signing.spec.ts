import type { Page, Request as PwRequest } from '@playwright/test';
import type { EmulatorControl } from './support/EmulatorControl.ts';
import {
  DEMO,
  expect,
  openApp,
  pageFetch,
  postToWorker,
  signInWorker,
  stopServiceWorkers,
  test,
} from './support/fixtures.ts';
import { NotesPage } from './demoSupport/NotesPage.ts';
import { dumpStorage } from './support/dumpStorage.ts';
import { storeUserPoolSession } from './support/userPoolSession.ts';
import type { EchoResponse as Echo } from '../emulator/api/echoRoute.ts';

// The page's classic session (amazon-cognito-identity-js) answers the worker's token-needed here:
// storeUserPoolSession plants its tokens where that library keeps them, so the demo is built with it.
test.use({ buildEnv: { VITE_AUTH_MODE: 'classic' } });

test.beforeEach(async ({ page, stack, control }) => {
  await openApp(page, stack);
  const { idToken } = await control.tokens(DEMO.username, DEMO.password);
  await signInWorker(page, idToken);
  // The demo answers the worker's `signed-in` by loading the notes: let it finish, so no request
  // of its own lands in the middle of a test's counts.
  const demo = new NotesPage(page);
  await expect(demo.status).toContainText(`Signed in as ${DEMO.username}`);
  await expect(demo.list).toHaveAttribute('aria-busy', 'false');
});

test('signs every method and body type, with the exact bytes the app sent', async ({
  page,
  stack,
}) => {
  const results = await page.evaluate(async (api) => {
    const hex = (buffer: ArrayBuffer) =>
      [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
    const form = new FormData();
    form.append('title', 'café ✓');
    form.append(
      'file',
      new Blob([new Uint8Array([0, 255, 1, 254])], { type: 'application/octet-stream' }),
      'a.bin',
    );
    const bodies: Record<string, () => BodyInit> = {
      string: () => 'plain text ✓',
      json: () => JSON.stringify({ a: 1, b: ['x', 'y'] }),
      arrayBuffer: () => new Uint8Array([1, 2, 3, 0, 255]).buffer,
      typedArray: () => new Uint8Array(1024).map((_, i) => i % 251),
      blob: () => new Blob(['blob ', 'parts'], { type: 'text/plain' }),
      formData: () => form,
      urlSearchParams: () => new URLSearchParams({ q: 'a b+c', r: '✓' }),
      stream: () =>
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('streamed '));
            controller.enqueue(new TextEncoder().encode('body'));
            controller.close();
          },
        }),
    };
    const out: {
      name: string;
      method: string;
      status: number;
      sent: string;
      seen: string;
      echoMethod: string;
    }[] = [];
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const [name, body] of Object.entries(bodies)) {
        const init: RequestInit & { duplex?: string } = { method, body: body() };
        if (name === 'stream') init.duplex = 'half';
        const request = new Request(`${api}/echo/${name}`, init);
        // Hash what this very Request carries, then send that same Request.
        const sent = hex(
          await crypto.subtle.digest('SHA-256', await request.clone().arrayBuffer()),
        );
        const response = await fetch(request);
        const echo = (await response.json()) as { bodySha256: string; method: string };
        out.push({
          name,
          method,
          status: response.status,
          sent,
          seen: echo.bodySha256,
          echoMethod: echo.method,
        });
      }
    }
    for (const method of ['GET', 'HEAD']) {
      const response = await fetch(`${api}/echo/no-body`, { method });
      out.push({
        name: 'none',
        method,
        status: response.status,
        sent: '',
        seen: '',
        echoMethod: method,
      });
    }
    return out;
  }, stack.emulator.apiUrl);
  for (const result of results) {
    expect(result.status, `${result.method} ${result.name}`).toBe(200);
    expect(result.seen, `${result.method} ${result.name}`).toBe(result.sent);
    expect(result.echoMethod).toBe(result.method);
  }
});

test('signs every header the app set', async ({ page, stack }) => {
  const { status, json } = await pageFetch(page, `${stack.emulator.apiUrl}/echo/headers`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-App-Version': '1.2.3', 'X-Trace': 'a  b' },
    body: '{}',
  });
  expect(status).toBe(200);
  const echo = json as unknown as Echo;
  expect(echo.headers['x-app-version']).toBe('1.2.3');
  expect(echo.headers['authorization']).toMatch(/SignedHeaders=[^,]*x-app-version;[^,]*x-trace/);
  expect(echo.headers['x-amz-security-token']).toBeTruthy();
});

test('accepts paths and queries with spaces, plus signs, unicode, repeated keys and empty values', async ({
  page,
  stack,
}) => {
  const cases = [
    { path: '/echo/a b/c', query: '' },
    { path: '/echo/café/✓', query: '?q=✓&name=José' },
    { path: '/echo/plus+sign', query: '?a=1+2&b=1%2B2&c=%20' },
    { path: '/echo/repeat', query: '?a=2&a=1&a=&b=&c' },
    { path: "/echo/odd(chars)*!'", query: "?x=(1)*!'&y=~._-" },
    { path: '/echo/encoded%2Fslash', query: '?url=https%3A%2F%2Fexample.com%2F%3Fx%3D1' },
  ];
  for (const { path, query } of cases) {
    const url = `${stack.emulator.apiUrl}${path}${query}`;
    const { status, json, text } = await pageFetch(page, url);
    expect(status, `${url}: ${text}`).toBe(200);
    const expected = await page.evaluate((u) => {
      const params: Record<string, string[]> = {};
      for (const [k, v] of new URL(u).searchParams) (params[k] ??= []).push(v);
      return params;
    }, url);
    expect((json as unknown as Echo).queryParams, url).toEqual(expected);
  }
});

test('signs XHR and <img> requests, re-issued as CORS', async ({ page, stack }) => {
  const signedUrls: string[] = [];
  page.context().on('request', (request: PwRequest) => {
    if (request.url().includes('/echo/') && request.headers()['authorization'])
      signedUrls.push(request.url());
  });
  const xhr = await page.evaluate(
    (url) =>
      new Promise<{ status: number; identityId: string }>((resolve, reject) => {
        const request = new XMLHttpRequest();
        request.open('GET', url);
        request.onload = () =>
          resolve({
            status: request.status,
            identityId: JSON.parse(request.responseText).identityId,
          });
        request.onerror = () => reject(new Error('xhr failed'));
        request.send();
      }),
    `${stack.emulator.apiUrl}/echo/xhr`,
  );
  expect(xhr.status).toBe(200);
  expect(xhr.identityId).toMatch(/^us-east-1:/);

  const imageResponse = page
    .context()
    // The GET itself, not its CORS preflight (answered 204 as API Gateway's OPTIONS does).
    .waitForEvent(
      'response',
      (r) => r.url().endsWith('/echo/picture.png') && r.request().method() === 'GET',
    );
  await page.evaluate((url) => {
    const img = document.createElement('img');
    img.src = url;
    document.body.append(img);
  }, `${stack.emulator.apiUrl}/echo/picture.png`);
  // The echo route answers JSON, not an image: what matters is that the API accepted it.
  expect((await imageResponse).status()).toBe(200);
  expect(signedUrls.some((u) => u.endsWith('/echo/picture.png'))).toBe(true);
});

test('leaves a third-party origin untouched', async ({ page, stack }) => {
  // Same server, other origin: localhost is not the configured 127.0.0.1.
  const foreign = stack.emulator.apiUrl.replace('127.0.0.1', 'localhost') + '/echo/foreign';
  const seen = page.context().waitForEvent('request', (r) => r.url() === foreign);
  const { status, json } = await pageFetch(page, foreign, { headers: { 'X-App': '1' } });
  const request = await seen;
  expect(status).toBe(403);
  expect(json).toEqual({ message: 'Missing Authentication Token' });
  const headers = await request.allHeaders();
  expect(headers['authorization']).toBeUndefined();
  expect(headers['x-amz-security-token']).toBeUndefined();
  expect(headers['x-amz-date']).toBeUndefined();
});

test('signs after the browser stops the worker, with no Cognito call', async ({
  page,
  stack,
  control,
}) => {
  expect((await pageFetch(page, `${stack.emulator.apiUrl}/echo/warm`)).status).toBe(200);
  const before = await control.counts();
  await stopServiceWorkers(page);
  const { status } = await pageFetch(page, `${stack.emulator.apiUrl}/echo/cold`);
  expect(status).toBe(200);
  const after = await control.counts();
  expect(after['GetId'] ?? 0).toBe(before['GetId'] ?? 0);
  expect(after['GetCredentialsForIdentity'] ?? 0).toBe(before['GetCredentialsForIdentity'] ?? 0);
});

test('one credential call serves 50 concurrent requests', async ({ page, stack, control }) => {
  // Counted before the expiry: the demo's own notes load after sign-in may meet the expired
  // credentials first, and then it is the refresh the 50 requests share.
  const before = await control.count('GetCredentialsForIdentity');
  await control.expireCredentials();
  await stopServiceWorkers(page); // restart from IndexedDB with expired credentials
  const statuses = await page.evaluate(async (api) => {
    const all = Array.from({ length: 50 }, (_, i) =>
      fetch(`${api}/echo/burst/${i}`).then((r) => r.status),
    );
    return Promise.all(all);
  }, stack.emulator.apiUrl);
  expect(statuses.every((s) => s === 200)).toBe(true);
  // The worker judged the credentials still valid by their own expiry, got 403 ExpiredToken,
  // and replaced them once for all 50 requests.
  expect((await control.count('GetCredentialsForIdentity')) - before).toBe(1);
});

test('keeps requests succeeding across many short credential lifetimes', async ({
  page,
  stack,
  control,
}) => {
  await control.settings({ credentialsTtlSeconds: 3 });
  const { idToken } = await control.tokens(DEMO.username, DEMO.password);
  await signInWorker(page, idToken);
  const before = await control.count('GetCredentialsForIdentity');
  const run = await page.evaluate(async (api) => {
    const statuses: Record<number, number> = {};
    const end = Date.now() + 10_000;
    let n = 0;
    while (Date.now() < end) {
      const status = (await fetch(`${api}/echo/long-run/${n++}`)).status;
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
    return { statuses, n };
  }, stack.emulator.apiUrl);
  expect(Object.keys(run.statuses)).toEqual(['200']);
  const calls = (await control.count('GetCredentialsForIdentity')) - before;
  // About one refresh per lifetime (10 s / 3 s), never one per request.
  expect(calls).toBeGreaterThanOrEqual(3);
  expect(calls).toBeLessThanOrEqual(8);
  expect(await control.count('api.ExpiredTokenException')).toBe(0);
});

for (const offsetMinutes of [15, -15]) {
  test(`succeeds with the server clock ${offsetMinutes > 0 ? 'ahead' : 'behind'} by 15 minutes`, async ({
    page,
    stack,
    control,
  }) => {
    await control.setClock(offsetMinutes * 60);
    const statuses = await page.evaluate(async (api) => {
      const out: number[] = [];
      for (let i = 0; i < 5; i++) out.push((await fetch(`${api}/echo/skew/${i}`)).status);
      out.push(
        ...(await Promise.all(
          [1, 2, 3].map((i) => fetch(`${api}/echo/skew-p/${i}`).then((r) => r.status)),
        )),
      );
      return out;
    }, stack.emulator.apiUrl);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const reply = await postToWorker(page, { type: 'status', v: 1 });
    const offset = (reply as { result: { clockOffsetMs: number } }).result.clockOffsetMs;
    expect(Math.abs(offset - offsetMinutes * 60_000)).toBeLessThan(5_000);
  });
}

test('answers 401 with a JSON error while signed out, and sends nothing unsigned', async ({
  page,
  stack,
}) => {
  await postToWorker(page, { type: 'sign-out', v: 1 });
  const { status, json } = await pageFetch(page, `${stack.emulator.apiUrl}/echo/signed-out`);
  expect(status).toBe(401);
  expect(json).toMatchObject({ code: 'not-signed-in' });
});

/**
 * Signs the worker in with a 2 s ID token and 2 s credentials, then waits until both expired. With
 * `pageSession`, the page's User Pool session holds the same tokens, so the demo can refresh them.
 */
async function signInAndLetExpire(page: Page, control: EmulatorControl, pageSession: boolean) {
  await control.settings({ tokenTtlSeconds: 2, credentialsTtlSeconds: 2 });
  const tokens = await control.tokens(DEMO.username, DEMO.password);
  if (pageSession) await storeUserPoolSession(page, control.clientId, DEMO.username, tokens);
  const { expiration } = await signInWorker(page, tokens.idToken);
  // Tokens issued from now on (the page's fresh one) last an hour again.
  await control.settings({ tokenTtlSeconds: 3600 });
  const { exp } = JSON.parse(
    Buffer.from(tokens.idToken.split('.')[1]!, 'base64url').toString(),
  ) as {
    exp: number;
  };
  const until = Math.max(exp * 1000, expiration);
  await expect.poll(() => Date.now(), { timeout: 10_000 }).toBeGreaterThan(until);
}

test('asks the page for a fresh ID token once it has expired, and signs with it', async ({
  page,
  stack,
  control,
}) => {
  await signInAndLetExpire(page, control, true);
  const refreshes = await control.count('InitiateAuth');
  const answered = await page.evaluate(async (api) => {
    let asked = 0;
    const onMessage = (event: MessageEvent) => {
      if (event.data?.type === 'token-needed') asked++;
    };
    navigator.serviceWorker.addEventListener('message', onMessage);
    const statuses = await Promise.all(
      [1, 2, 3].map((i) => fetch(`${api}/echo/after-refresh/${i}`).then((r) => r.status)),
    );
    navigator.serviceWorker.removeEventListener('message', onMessage);
    return { statuses, asked };
  }, stack.emulator.apiUrl);
  expect(answered).toEqual({ statuses: [200, 200, 200], asked: 1 });
  // The demo refreshed its ID token with the refresh token: one REFRESH_TOKEN_AUTH.
  expect(await control.count('InitiateAuth')).toBe(refreshes + 1);
});

test('ends the session at once with a 401 session-expired when the page has no session to refresh', async ({
  page,
  stack,
  control,
}) => {
  await signInAndLetExpire(page, control, false);
  const before = await control.count('GetCredentialsForIdentity');
  const signedOut = page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        navigator.serviceWorker.addEventListener('message', (event) => {
          if (event.data?.type === 'signed-out') resolve();
        }),
      ),
  );
  // The demo has no User Pool session (the worker was signed in from outside): it says `no-token`.
  const { status, json } = await pageFetch(page, `${stack.emulator.apiUrl}/echo/no-token`);
  expect(status).toBe(401);
  expect(json).toMatchObject({ code: 'session-expired' });
  await signedOut;
  expect(await postToWorker(page, { type: 'status', v: 1 })).toMatchObject({
    ok: true,
    result: { signedIn: false },
  });
  expect(await control.count('GetCredentialsForIdentity')).toBe(before);
});

test('status tells who is signed in and never a secret', async ({ page }) => {
  const reply = await postToWorker(page, { type: 'status', v: 1 });
  expect(reply.ok).toBe(true);
  const result = (reply as { result: Record<string, unknown> }).result;
  expect(result).toMatchObject({
    signedIn: true,
    username: 'demo',
    identityId: expect.stringMatching(/^us-east-1:/),
  });
  const text = JSON.stringify(result);
  expect(text).not.toMatch(/ASIA|secret|eyJ/i);
});

test('sign-out leaves nothing of the user in IndexedDB or Cache Storage', async ({
  page,
  stack,
  control,
}) => {
  const { idToken } = await control.tokens(DEMO.username, DEMO.password);
  const { identityId } = await signInWorker(page, idToken);
  expect((await pageFetch(page, `${stack.emulator.apiUrl}/notes`)).status).toBe(200);
  const reply = await postToWorker(page, { type: 'sign-out', v: 1 });
  expect(reply.ok).toBe(true);
  const dump = await dumpStorage(page);
  expect(dump).not.toContain(identityId);
  expect(dump).not.toContain(idToken.split('.')[1]!);
  expect(dump).not.toMatch(/ASIA[A-Z0-9]{12}/);
  // Nothing fetched from the API is kept. The precached app shell is left out of this one check:
  // its main script carries the build's configuration, the API URL included (with the sign-in
  // libraries loaded on demand, that script is small enough for the dump to read it all).
  const kept = dump
    .split(/\n(?=(?:idb|cache) )/)
    .filter((entry) => !entry.startsWith('cache workbox-precache'))
    .join('\n');
  expect(kept).toContain('idb '); // the filter left the worker's own storage in
  expect(kept).not.toContain(stack.emulator.apiUrl);
});
