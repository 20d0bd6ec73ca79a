import type { Page } from '@playwright/test';
import {
  DEMO,
  expect,
  openApp,
  pageFetch,
  postToWorker,
  signInWorker,
  stopServiceWorkers,
  test,
} from '../support/fixtures.ts';
import type { Stack } from '../support/startStack.ts';
import { storeUserPoolSession } from '../support/userPoolSession.ts';
import { sendCalls, type Call } from './support/apiCalls.ts';
import { claimsOf, emulatorKey, forgeToken, strangerKey } from './support/tokens.ts';

// The page's classic session (amazon-cognito-identity-js) answers the worker's token-needed here:
// storeUserPoolSession plants its tokens where that library keeps them, so the demo is built with it.
test.use({ buildEnv: { VITE_AUTH_MODE: 'classic' } });

/** A string far larger than any message field has reason to be. */
const HUGE = 'x'.repeat(4 * 1024 * 1024);

/** Who signed a request, as the API saw it: the echo route returns the headers it received. */
async function signedBy(page: Page, stack: Stack, name: string) {
  const { status, json } = await pageFetch(page, `${stack.emulator.apiUrl}/echo/${name}`);
  const headers = (json?.headers ?? {}) as Record<string, string>;
  const accessKeyId = /Credential=([^/]+)\//.exec(headers['authorization'] ?? '')?.[1];
  return {
    status,
    accessKeyId,
    identityId: json?.identityId as string | undefined,
    code: json?.code,
  };
}

async function status(page: Page) {
  const reply = await postToWorker(page, { type: 'status', v: 1 });
  if (!reply.ok) throw new Error(`status failed: ${reply.error.code}`);
  return reply.result as { signedIn: boolean; identityId?: string };
}

function cognitoCalls(counts: Record<string, number>) {
  return {
    GetId: counts['GetId'] ?? 0,
    GetCredentialsForIdentity: counts['GetCredentialsForIdentity'] ?? 0,
  };
}

test.describe('while signed in', () => {
  let idToken: string;
  let identityId: string;

  test.beforeEach(async ({ page, stack, control }) => {
    await openApp(page, stack);
    ({ idToken } = await control.tokens(DEMO.username, DEMO.password));
    ({ identityId } = await signInWorker(page, idToken));
  });

  test('answers malformed messages with bad-message and keeps signing with the same credentials', async ({
    page,
    stack,
    control,
  }) => {
    const before = await signedBy(page, stack, 'before-bad-messages');
    expect(before.status).toBe(200);
    const counts = cognitoCalls(await control.counts());
    const messages: [string, unknown][] = [
      ['null', null],
      ['a string', 'sign-out'],
      ['a number', 42],
      ['an array', [{ type: 'sign-out', v: 1 }]],
      ['no type', { v: 1 }],
      ['a non-string type', { type: 7, v: 1 }],
      ['an unknown type', { type: 'delete-everything', v: 1 }],
      ['an inherited name as type', { type: 'constructor', v: 1 }],
      ['no version', { type: 'sign-out' }],
      ['a wrong version', { type: 'sign-out', v: 2 }],
      ['a version as a string', { type: 'sign-out', v: '1' }],
      ['an extra field', { type: 'sign-out', v: 1, everywhere: true }],
      ['an idToken that is not a string', { type: 'sign-in', v: 1, idToken: { jwt: 'x' } }],
      ['no idToken', { type: 'token', v: 1 }],
      ['a huge type', { type: HUGE, v: 1 }],
      ['a huge extra field name', { type: 'status', v: 1, [HUGE]: 1 }],
      ['sync with an idToken', { type: 'sync', v: 1, idToken }],
    ];
    for (const [name, message] of messages) {
      const reply = await postToWorker(page, message);
      expect(reply.ok, name).toBe(false);
      if (!reply.ok) {
        expect(reply.error.code, name).toBe('bad-message');
        expect(reply.error.message.length, name).toBeLessThan(200);
      }
    }
    expect(await status(page)).toMatchObject({ signedIn: true, identityId });
    const after = await signedBy(page, stack, 'after-bad-messages');
    expect(after).toMatchObject({ status: 200, identityId, accessKeyId: before.accessKeyId });
    expect(cognitoCalls(await control.counts())).toEqual(counts);
  });

  test('survives a message with no reply port and answers the next one', async ({
    page,
    stack,
  }) => {
    await page.evaluate(() => {
      navigator.serviceWorker.controller!.postMessage({ type: 'sign-out', v: 1 });
      navigator.serviceWorker.controller!.postMessage(null);
    });
    // A port-less message gets no reply, so it cannot have been run: still signed in.
    expect(await status(page)).toMatchObject({ signedIn: true, identityId });
    expect((await signedBy(page, stack, 'after-portless')).status).toBe(200);
  });

  test('refuses tokens that are not this app client’s live ID tokens, and keeps the session intact', async ({
    page,
    stack,
    control,
  }) => {
    const { accessToken } = await control.tokens(DEMO.username, DEMO.password);
    const genuine = claimsOf(idToken);
    const key = emulatorKey(stack); // validly signed, so only the claims are wrong
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, string, string][] = [
      ['not a JWT', 'not-a-token', 'malformed-token'],
      ['three parts of garbage', 'a.b.c', 'malformed-token'],
      [
        'an oversized token',
        forgeToken({ ...genuine, pad: 'p'.repeat(20_000) }, key),
        'malformed-token',
      ],
      ['a token with a huge payload', `${idToken.split('.')[0]}.${HUGE}.sig`, 'malformed-token'],
      [
        'another issuer',
        forgeToken(
          { ...genuine, iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' },
          key,
        ),
        'wrong-token',
      ],
      [
        'another app client',
        forgeToken({ ...genuine, aud: 'someotherclient000000000001' }, key),
        'wrong-token',
      ],
      [
        'an access token',
        accessToken,
        claimsOf(accessToken).aud ? 'wrong-token' : 'malformed-token',
      ],
      [
        'an expired token',
        forgeToken({ ...genuine, iat: now - 7200, exp: now - 3600 }, key),
        'token-expired',
      ],
    ];
    const before = await signedBy(page, stack, 'before-bad-tokens');
    const counts = cognitoCalls(await control.counts());
    for (const type of ['sign-in', 'token']) {
      for (const [name, token, code] of cases) {
        const reply = await postToWorker(page, { type, v: 1, idToken: token });
        expect(reply.ok, `${type} with ${name}`).toBe(false);
        if (!reply.ok) expect(reply.error.code, `${type} with ${name}`).toBe(code);
      }
    }
    expect(cognitoCalls(await control.counts())).toEqual(counts);
    expect(await status(page)).toMatchObject({ signedIn: true, identityId });
    expect(await signedBy(page, stack, 'after-bad-tokens')).toMatchObject({
      status: 200,
      identityId,
      accessKeyId: before.accessKeyId,
    });
    // The session still holds the good ID token: a forced refresh uses it without asking the page.
    await control.expireCredentials();
    await stopServiceWorkers(page);
    const refreshed = await signedBy(page, stack, 'after-refresh');
    expect(refreshed).toMatchObject({ status: 200, identityId });
    expect(refreshed.accessKeyId).not.toBe(before.accessKeyId);
  });

  test('rejects a forged sign-in for the same user through Cognito and keeps signing with its own credentials', async ({
    page,
    stack,
    control,
  }) => {
    const before = await signedBy(page, stack, 'before-forged');
    const counts = cognitoCalls(await control.counts());
    const forged = forgeToken(claimsOf(idToken), strangerKey());
    const reply = await postToWorker(page, { type: 'sign-in', v: 1, idToken: forged });
    expect(reply).toMatchObject({ ok: false, error: { code: 'cognito-rejected' } });
    // Same user, known identity: one GetCredentialsForIdentity, which Cognito refused.
    expect(cognitoCalls(await control.counts())).toEqual({
      GetId: counts.GetId,
      GetCredentialsForIdentity: counts.GetCredentialsForIdentity + 1,
    });
    expect(await status(page)).toMatchObject({ signedIn: true, identityId });
    expect(await signedBy(page, stack, 'after-forged')).toMatchObject({
      status: 200,
      identityId,
      accessKeyId: before.accessKeyId,
    });
  });

  test('never gets credentials with a forged token reply, and recovers with a fresh one from the page', async ({
    page,
    stack,
    control,
  }) => {
    const before = await signedBy(page, stack, 'before-forged-reply');
    const forged = forgeToken(claimsOf(idToken), strangerKey());
    // The worker cannot check signatures itself, so it takes the reply; Cognito is the judge.
    await postToWorker(page, { type: 'token', v: 1, idToken: forged });
    await control.expireCredentials();
    await stopServiceWorkers(page);
    const issued = await control.count('GetCredentialsForIdentity');
    // The page's own User Pool session answers token-needed with a genuine token (getSession).
    const tokens = await control.tokens(DEMO.username, DEMO.password);
    await storeUserPoolSession(page, control.clientId, DEMO.username, tokens);
    // The refresh presents the forged token, Cognito refuses it, the worker asks the page once.
    const after = await signedBy(page, stack, 'after-forged-reply');
    expect(before.status).toBe(200);
    expect(after).toMatchObject({ status: 200, identityId });
    expect(await control.count('GetCredentialsForIdentity')).toBe(issued + 2);
  });
});

test.describe('with a forged token', () => {
  test.beforeEach(async ({ page, stack }) => {
    await openApp(page, stack);
  });

  test('a token signed with another key is refused by Cognito and never yields credentials', async ({
    page,
    stack,
    control,
  }) => {
    const { idToken } = await control.tokens(DEMO.username, DEMO.password);
    const forged = forgeToken(claimsOf(idToken), strangerKey());
    const counts = cognitoCalls(await control.counts());
    const reply = await postToWorker(page, { type: 'sign-in', v: 1, idToken: forged });
    expect(reply).toMatchObject({ ok: false, error: { code: 'cognito-rejected' } });
    const calls = cognitoCalls(await control.counts());
    expect(calls.GetId).toBe(counts.GetId + 1); // the rejected exchange
    expect(calls.GetCredentialsForIdentity).toBe(counts.GetCredentialsForIdentity);
    expect(await status(page)).toMatchObject({ signedIn: false });
    expect(await signedBy(page, stack, 'forged-signed-out')).toMatchObject({
      status: 401,
      code: 'not-signed-in',
    });
    // A genuine sign-in still works afterwards.
    await signInWorker(page, idToken);
    expect((await signedBy(page, stack, 'genuine')).status).toBe(200);
  });

  test('a forged token for another user leaves nobody signed in, rather than the previous user', async ({
    page,
    stack,
    control,
  }) => {
    const { idToken } = await control.tokens(DEMO.username, DEMO.password);
    await signInWorker(page, idToken);
    const forged = forgeToken(
      { ...claimsOf(idToken), sub: crypto.randomUUID(), 'cognito:username': 'mallory' },
      strangerKey(),
    );
    const issued = await control.count('GetCredentialsForIdentity');
    const reply = await postToWorker(page, { type: 'sign-in', v: 1, idToken: forged });
    expect(reply).toMatchObject({ ok: false, error: { code: 'cognito-rejected' } });
    expect(await control.count('GetCredentialsForIdentity')).toBe(issued);
    expect(await status(page)).toMatchObject({ signedIn: false });
    expect(await signedBy(page, stack, 'after-other-user')).toMatchObject({
      status: 401,
      code: 'not-signed-in',
    });
  });
});

test.describe('odd requests from the app', () => {
  test.beforeEach(async ({ page, stack, control }) => {
    await openApp(page, stack);
    await signInWorker(page, (await control.tokens(DEMO.username, DEMO.password)).idToken);
  });

  test('odd percent-encoding gets the API’s answer and the worker keeps signing', async ({
    page,
    stack,
  }) => {
    const api = stack.emulator.apiUrl;
    const accepted = [
      '/echo/%zz',
      '/echo/50%',
      '/echo/a%2',
      '/echo/%00',
      '/echo/%E0%A4%A',
      '/echo/%C0%AF',
      '/echo/%25%32%35',
      '/echo/q?a=%zz&b=%&c=%%25&d=%F0%9F',
      '/echo/q?%=1&==&&&a=b=c',
    ];
    const outcomes = await sendCalls(
      page,
      accepted.map((p) => ({ url: api + p })),
      1,
    );
    for (const [i, o] of outcomes.entries()) {
      // Signed as sent: the API's independent verifier accepts the signature.
      expect({ path: accepted[i], status: o.status, fromWorker: o.fromWorker }).toEqual({
        path: accepted[i],
        status: 200,
        fromWorker: false,
      });
    }
    // Encoded dot segments are resolved by the browser's URL parser to /dev/x, a route the API
    // does not have: its own answer, not a signature failure.
    const [dots] = await sendCalls(page, [{ url: `${api}/echo/%2e%2e/%2E%2E/x` }]);
    expect(dots).toMatchObject({ status: 403, message: 'Missing Authentication Token' });
    expect((await signedBy(page, stack, 'after-odd-urls')).status).toBe(200);
  });

  test('huge headers and a body over 10 MB get the API’s answer and the worker keeps signing', async ({
    page,
    stack,
  }) => {
    const api = stack.emulator.apiUrl;
    // Header names from the API's CORS policy: the preflight refuses any other custom header.
    const calls: Call[] = [
      { url: `${api}/echo/big-header`, init: { headers: { 'X-Trace': 'b'.repeat(12_000) } } },
      { url: `${api}/echo/huge-header`, init: { headers: { 'X-App': 'h'.repeat(40_000) } } },
      { url: `${api}/echo/unlisted-header`, init: { headers: { 'X-Not-In-Policy': '1' } } },
      { url: `${api}/echo/big-body`, init: { method: 'PUT', body: 'b'.repeat(11 * 1024 * 1024) } },
      { url: `${api}/echo/ok-body`, init: { method: 'PUT', body: 'b'.repeat(9 * 1024 * 1024) } },
    ];
    const outcomes = await sendCalls(page, calls, 1);
    expect(outcomes.map((o) => [o.status, o.message, o.fromWorker])).toEqual([
      [200, undefined, false],
      // Over the API's header limit (Node's 16 KB): API Gateway's 431, not a dropped connection.
      [431, 'Request Header Fields Too Large', false],
      // Refused at the preflight, as API Gateway's OPTIONS answer makes the browser refuse it.
      [0, undefined, false],
      [413, 'Request Too Long', false],
      [200, undefined, false],
    ]);
    expect((await signedBy(page, stack, 'after-big')).status).toBe(200);
  });
});
