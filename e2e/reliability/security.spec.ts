import type { ConsoleMessage, Page } from '@playwright/test';
import { NotesPage, PASSWORD, uniqueUsername } from '../demoSupport/NotesPage.ts';
import {
  DEMO,
  expect,
  openApp,
  pageFetch,
  postToWorker,
  signInWorker,
  test,
} from '../support/fixtures.ts';
import type { Stack } from '../support/startStack.ts';
import { sendCalls } from './support/apiCalls.ts';
import { dumpStorage } from '../support/dumpStorage.ts';
import { signedApiRequests, watchRequests } from './support/watchRequests.ts';

/** The same app served from another origin: same server, `localhost` instead of `127.0.0.1`. */
function otherOrigin(url: string): string {
  return url.replace('://127.0.0.1:', '://localhost:');
}

/** Every secret the emulator has issued so far: secret keys and session tokens. */
function issuedSecrets(stack: Stack): string[] {
  return [...stack.emulator.state.credentials.values()].flatMap((c) => [
    c.secretAccessKey,
    c.sessionToken,
  ]);
}

/**
 * The ID tokens the page keeps: `UserAuth`'s session snapshot in IndexedDB (the demo's default
 * sign-in), or amazon-cognito-identity-js's localStorage keys (`VITE_AUTH_MODE=classic`).
 */
function pageIdTokens(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const classic = Object.keys(localStorage)
      .filter((key) => key.endsWith('.idToken'))
      .map((key) => localStorage.getItem(key)!);
    const names = (await indexedDB.databases()).map((d) => d.name);
    if (!names.includes('sigv4-service-worker:session')) return classic;
    const snapshot = await new Promise<{ tokens?: { idToken: string } } | undefined>(
      (resolve, reject) => {
        const open = indexedDB.open('sigv4-service-worker:session');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction('tokens').objectStore('tokens').get('snapshot');
          read.onsuccess = () => {
            open.result.close();
            resolve(read.result as { tokens?: { idToken: string } } | undefined);
          };
          read.onerror = () => reject(read.error);
        };
      },
    );
    return [...classic, ...(snapshot?.tokens ? [snapshot.tokens.idToken] : [])];
  });
}

test('a page of another origin gets its own worker, which cannot sign with our session', async ({
  page,
  stack,
  control,
}) => {
  const api = stack.emulator.apiUrl;
  const requests = watchRequests(page.context());
  await openApp(page, stack);
  const { identityId } = await signInWorker(
    page,
    (await control.tokens(DEMO.username, DEMO.password)).idToken,
  );
  expect((await pageFetch(page, `${api}/echo/ours`)).status).toBe(200);

  const foreign = await page.context().newPage();
  const foreignUrl = otherOrigin(stack.appUrl);
  await foreign.goto(foreignUrl + '/');
  await foreign.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const registrations = await foreign.evaluate(async () =>
    (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope),
  );
  // The browser scopes workers by origin: the other origin sees only its own registration.
  expect(registrations).toEqual([foreignUrl + '/']);
  const reply = await postToWorker(foreign, { type: 'status', v: 1 });
  expect(reply).toMatchObject({ ok: true, result: { signedIn: false } });
  expect(JSON.stringify(reply)).not.toContain(identityId);
  const attempt = await pageFetch(foreign, `${api}/echo/theirs`);
  expect(attempt.status).toBe(401);
  expect(attempt.json).toMatchObject({ code: 'not-signed-in' });

  const seen = await requests.settled();
  const signed = signedApiRequests(seen, api);
  expect(signed.map((r) => r.url)).toContain(`${api}/echo/ours`);
  // Everything signed came from our origin's worker; nothing the other origin asked for was.
  expect(signed.filter((r) => !r.serviceWorkerUrl?.startsWith(stack.appUrl + '/'))).toEqual([]);
  expect(seen.filter((r) => r.url.endsWith('/echo/theirs') && r.authorization)).toEqual([]);
});

test('no request outside the configured API carries our signature or session token', async ({
  page,
  stack,
}) => {
  const api = stack.emulator.apiUrl;
  const apiOrigin = new URL(api).origin;
  const requests = watchRequests(page.context());
  await openApp(page, stack);
  const app = new NotesPage(page);
  await app.signInAndWait(DEMO.username, DEMO.password);
  await app.add(`Private ${Date.now()}`, 'not for third parties');

  const elsewhere = [
    `${apiOrigin}/other/echo/x`, // the API's host, outside the /dev prefix
    `${apiOrigin}/development/echo/x`, // a prefix that merely starts with "dev"
    `${apiOrigin}/`,
    `${otherOrigin(api)}/echo/x`, // the API under another origin
    `${stack.emulator.cognitoUrl}/${stack.emulator.state.settings.userPoolId}/.well-known/jwks.json`, // a third-party origin that answers CORS
    `${stack.appUrl}/index.html`, // the app's own origin
  ];
  // Outcomes vary (403, 404, a CORS failure); only what was sent matters here.
  await sendCalls(
    page,
    elsewhere.map((url) => ({ url, init: { headers: { 'X-App': '1' } } })),
    1,
  );
  expect((await pageFetch(page, `${api}/echo/inside`)).status).toBe(200);

  const seen = await requests.settled();
  const leaks = seen.filter(
    (r) =>
      (r.authorization !== undefined || r.securityToken !== undefined) &&
      !r.url.startsWith(api + '/') &&
      r.url !== api,
  );
  expect(leaks.map((r) => r.url)).toEqual([]);
  for (const url of elsewhere) expect(seen.some((r) => r.url === url)).toBe(true);
  // The watcher does see signatures: the notes calls and the echo inside the API were signed.
  expect(signedApiRequests(seen, api).length).toBeGreaterThanOrEqual(3);
  expect(signedApiRequests(seen, api).every((r) => r.securityToken !== undefined)).toBe(true);
});

test('no secret key, session token or ID token reaches a page message, an error reply or a console', async ({
  page,
  stack,
  control,
}) => {
  test.setTimeout(90_000);
  const api = stack.emulator.apiUrl;
  const lines: string[] = [];
  const onConsole = (message: ConsoleMessage) =>
    lines.push(`${message.worker() ? 'worker' : 'page'} ${message.type()}: ${message.text()}`);
  page.context().on('console', onConsole);
  // Record every worker broadcast and every reply on a MessageChannel the page creates.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { seenMessages: string[] }).seenMessages = seen;
    const record = (data: unknown) => seen.push(JSON.stringify(data));
    navigator.serviceWorker.addEventListener('message', (event) => record(event.data));
    const Original = window.MessageChannel;
    window.MessageChannel = class extends Original {
      constructor() {
        super();
        this.port1.addEventListener('message', (event) => record(event.data));
      }
    };
  });
  // Short ID tokens and credentials: the worker will ask this page for fresh tokens.
  await control.settings({ tokenTtlSeconds: 20, credentialsTtlSeconds: 15 });
  await openApp(page, stack);
  const app = new NotesPage(page);
  await app.signInAndWait(DEMO.username, DEMO.password);
  const firstToken = (await pageIdTokens(page))[0]!;

  // Error replies of several kinds, and worker-made error responses.
  await postToWorker(page, { type: 'sign-in', v: 1, idToken: firstToken.slice(0, -4) + 'AAAA' });
  await postToWorker(page, { type: 'token', v: 1, idToken: `${firstToken}x` });
  await postToWorker(page, { type: 'sign-in', v: 2, idToken: firstToken });
  await postToWorker(page, { type: 'status', v: 1 });
  await control.fault('GetCredentialsForIdentity', 'error500', 2);
  await control.expireCredentials();
  await pageFetch(page, `${api}/echo/during-fault`);

  // Keep the app busy until the worker has needed (and got) a fresh ID token from this page.
  await expect
    .poll(
      async () => {
        await pageFetch(page, `${api}/echo/wait-for-token`);
        const tokens = await pageIdTokens(page);
        return tokens.length === 1 && tokens[0] !== firstToken;
      },
      { timeout: 60_000, intervals: [1_000] },
    )
    .toBe(true);
  await expect
    .poll(async () => (await pageFetch(page, `${api}/echo/after-refresh`)).status, {
      timeout: 30_000,
    })
    .toBe(200);
  const messages = await page.evaluate(
    () => (window as unknown as { seenMessages: string[] }).seenMessages,
  );
  expect(messages.some((m) => m.includes('"token-needed"'))).toBe(true);

  // Prove the console listener hears the worker too, then search everything for secrets.
  const sw = page.context().serviceWorkers()[0]!;
  await sw.evaluate(() => console.log('console-probe-from-worker'));
  await expect
    .poll(() => lines.some((l) => l.startsWith('worker') && l.includes('console-probe')))
    .toBe(true);

  const secrets = [...issuedSecrets(stack), firstToken, ...(await pageIdTokens(page))].filter(
    (s) => s.length > 0,
  );
  expect(secrets.length).toBeGreaterThanOrEqual(6);
  const haystack = [...messages, ...lines].join('\n');
  for (const secret of secrets) {
    // A token's signature alone identifies it; a payload could be quoted without the rest.
    for (const part of secret.split('.')) expect(haystack).not.toContain(part);
  }
  expect(haystack).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}\.eyJ/);
});

test('after sign-out IndexedDB and Cache Storage hold nothing of the user, the demo’s read cache included', async ({
  page,
  stack,
  control,
}) => {
  const username = uniqueUsername('gone');
  await control.createUser(username, PASSWORD);
  await openApp(page, stack);
  const app = new NotesPage(page);
  await app.signInAndWait(username, PASSWORD);
  const title = `Diary ${Date.now().toString(36)}`;
  await app.add(title, 'secret plans');
  await page.reload(); // the list is read again, through the worker's read cache
  await expect(app.titles).toHaveText([title]);
  const status = await postToWorker(page, { type: 'status', v: 1 });
  const identityId = (status as { result: { identityId: string } }).result.identityId;
  const idToken = (await pageIdTokens(page))[0]!;
  const accessKeyIds = [...stack.emulator.state.credentials.values()]
    .filter((c) => c.identityId === identityId)
    .map((c) => c.accessKeyId);

  const before = await dumpStorage(page);
  // The dump does see the user while signed in (else the check below proves nothing).
  expect(before).toContain(identityId);
  expect(before).toContain(title);

  await app.signOut();
  const after = await dumpStorage(page);
  const needles = [
    identityId,
    idToken.split('.')[1]!,
    idToken.split('.')[2]!,
    username,
    title,
    'secret plans',
    ...accessKeyIds,
    ...issuedSecrets(stack),
  ];
  for (const needle of needles) expect(after, needle.slice(0, 40)).not.toContain(needle);
  expect(after).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}/);
});

test("another site's page cannot use the emulator's test controls", async ({
  page,
  stack,
  control,
}) => {
  await openApp(page, stack);
  const { idToken } = await control.tokens(DEMO.username, DEMO.password);
  await signInWorker(page, idToken);
  expect((await pageFetch(page, `${stack.emulator.apiUrl}/echo/before`)).status).toBe(200);
  const before = await control.count('GetCredentialsForIdentity');
  // The app's page stands in for any other site: the controls live on the Cognito origin.
  const attempts = await page.evaluate(async (controls) => {
    const out: string[] = [];
    for (const [path, init] of [
      ['credentials/revoke', { method: 'POST', mode: 'no-cors', body: '{}' }],
      ['reset', { method: 'POST', mode: 'no-cors', body: '{}' }],
      ['reset', { method: 'POST', headers: { 'X-Emulator-Control': '1' }, body: '{}' }],
      ['counts', {}],
    ] as const) {
      try {
        const response = await fetch(controls + path, init as RequestInit);
        out.push(`${path} ${response.type} ${response.status}`);
      } catch (error) {
        out.push(`${path} ${(error as Error).name}`);
      }
    }
    return out;
  }, `${stack.emulator.cognitoUrl}/__emulator/`);
  // The simple posts arrive as opaque answers; the custom header dies in its preflight; a read fails CORS.
  expect(attempts).toEqual([
    'credentials/revoke opaque 0',
    'reset opaque 0',
    'reset TypeError',
    'counts TypeError',
  ]);
  expect(await control.count('GetCredentialsForIdentity')).toBe(before);
  expect((await pageFetch(page, `${stack.emulator.apiUrl}/echo/after`)).status).toBe(200);
  expect([...stack.emulator.state.credentials.values()].some((c) => c.revoked)).toBe(false);
});
