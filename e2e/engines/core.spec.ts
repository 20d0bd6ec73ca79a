import { DEMO } from '../support/fixtures.ts';
import { newUser } from '../demoSupport/NotesPage.ts';
import { readStorage } from '../support/dumpStorage.ts';
import type { EchoResponse } from '../../emulator/api/echoRoute.ts';
import { DemoTab } from './DemoTab.ts';
import { expect, test } from './fixtures.ts';

// The core signing cases, run in every engine (projects chromium, firefox and webkit), each
// through the demo's own sign-in form and plain `fetch` in the page.

test('signs every method and body type of a plain fetch, hashing the exact bytes the app sent', async ({
  tab,
  site,
}) => {
  const demo = new DemoTab(tab);
  await demo.open(site.appUrl);
  await demo.signIn(DEMO);
  const results = await tab.evaluate(async (api) => {
    const hex = (buffer: ArrayBuffer) =>
      [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
    const FILE = new Uint8Array([0, 255, 1, 254]);
    // WebKit cannot read back a FormData body holding a Blob in the page ("Unable to read form
    // data blob"), though it sends it; the bytes it must have sent are then the HTML standard's
    // multipart/form-data encoding with the boundary it chose.
    // https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#multipart-form-data
    const multipart = (contentType: string) => {
      const boundary = contentType.split('boundary=')[1]!;
      const text = (t: string) => new TextEncoder().encode(t);
      return new Blob([
        text(`--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\ncafé ✓\r\n`),
        text(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n`),
        text('Content-Type: application/octet-stream\r\n\r\n'),
        FILE,
        text(`\r\n--${boundary}--\r\n`),
      ]).arrayBuffer();
    };
    // Request streams are a Chromium feature; elsewhere a stream body would be sent as text.
    // https://developer.chrome.com/docs/capabilities/web-apis/fetch-streaming-requests#feature_detection
    let duplexRead = false;
    const streams = !new Request('http://127.0.0.1/', {
      body: new ReadableStream(),
      method: 'POST',
      get duplex() {
        duplexRead = true;
        return 'half';
      },
    } as RequestInit).headers.has('Content-Type');
    const bodies: Record<string, () => BodyInit> = {
      string: () => 'plain text ✓',
      json: () => JSON.stringify({ a: 1, b: ['x', 'y'] }),
      arrayBuffer: () => new Uint8Array([1, 2, 3, 0, 255]).buffer,
      typedArray: () => new Uint8Array(1024).map((_, i) => i % 251),
      blob: () => new Blob(['blob ', 'parts'], { type: 'text/plain' }),
      formData: () => {
        const form = new FormData();
        form.append('title', 'café ✓');
        form.append('file', new Blob([FILE]), 'a.bin');
        return form;
      },
      urlSearchParams: () => new URLSearchParams({ q: 'a b+c', r: '✓' }),
    };
    if (streams && duplexRead) {
      bodies.stream = () =>
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('streamed body'));
            controller.close();
          },
        });
    }
    const out: {
      what: string;
      method: string;
      echoed: string;
      status: number;
      sent: string;
      seen: string;
    }[] = [];
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const [name, body] of Object.entries(bodies)) {
        const what = `${method} ${name}`;
        try {
          const init = { method, body: body(), duplex: 'half' } as RequestInit;
          const request = new Request(`${api}/echo/${name}`, init);
          // Hash what this very Request carries, then send that same Request.
          const bytes = await request
            .clone()
            .arrayBuffer()
            .catch(() => undefined);
          const response = await fetch(request);
          const echo = (await response.json()) as {
            bodySha256?: string;
            method?: string;
            headers?: Record<string, string>;
          };
          const expected =
            bytes ??
            (name === 'formData' ? await multipart(echo.headers?.['content-type'] ?? '') : null);
          if (!expected) throw new Error('the page cannot read the body it sent');
          const sent = hex(await crypto.subtle.digest('SHA-256', expected));
          out.push({
            what,
            method,
            echoed: echo.method ?? '',
            status: response.status,
            sent,
            seen: echo.bodySha256 ?? '',
          });
        } catch (error) {
          const failed = `${what}: ${String(error)}`;
          out.push({ what: failed, method, echoed: '', status: 0, sent: '', seen: '' });
        }
      }
    }
    for (const method of ['GET', 'HEAD']) {
      const response = await fetch(`${api}/echo/no-body`, { method });
      // A HEAD answer has no body to tell the method; its status alone says it was accepted.
      const echoed =
        method === 'HEAD' ? method : ((await response.json()) as { method: string }).method;
      out.push({ what: method, method, echoed, status: response.status, sent: '', seen: '' });
    }
    return out;
  }, site.apiUrl);
  expect(results.length).toBeGreaterThanOrEqual(4 * 7 + 2);
  for (const result of results) {
    expect(result.status, result.what).toBe(200);
    expect(result.seen, result.what).toBe(result.sent);
    expect(result.echoed, result.what).toBe(result.method);
  }
});

test('signs for a Lambda Function URL: the body hashed into X-Amz-Content-Sha256, expired credentials replaced', async ({
  tab,
  site,
  control,
}) => {
  const demo = new DemoTab(tab);
  await demo.open(site.appUrl);
  await demo.signIn(DEMO);
  const send = () =>
    tab.evaluate(async (url) => {
      const hex = async (bytes: ArrayBuffer) =>
        [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))]
          .map((b) => b.toString(16).padStart(2, '0'))
          .join('');
      const bodies: [string, BodyInit][] = [
        ['json', JSON.stringify({ title: 'café ✓' })],
        ['binary', new Uint8Array([0, 255, 7]).buffer],
      ];
      const out = [];
      for (const [method, [name, body]] of [
        ['POST', bodies[0]!],
        ['PUT', bodies[1]!],
      ] as const) {
        const request = new Request(`${url}/echo/${name}`, { method, body });
        const sent = await hex(await request.clone().arrayBuffer());
        const response = await fetch(request);
        const echo = (await response.json()) as {
          bodySha256: string;
          headers: Record<string, string>;
        };
        out.push({
          what: `${method} ${name}`,
          status: response.status,
          sent,
          seen: echo.bodySha256,
          // '' for none: WebKit's driver hands back undefined as null.
          header: echo.headers['x-amz-content-sha256'] ?? '',
        });
      }
      const read = await fetch(`${url}/echo/read?q=a b`);
      out.push({ what: 'GET', status: read.status, sent: '', seen: '', header: '' });
      return out;
    }, site.functionUrl);
  const first = await send();
  await control.expireCredentials();
  for (const result of [...first, ...(await send())]) {
    expect(result.status, result.what).toBe(200);
    expect(result.seen, result.what).toBe(result.sent);
    expect(result.header, result.what).toBe(result.sent);
  }
  expect(await control.count('lambdaUrl.signed.echo')).toBe(6);
});

test('accepts paths and queries with spaces, plus signs, unicode and repeated keys', async ({
  tab,
  site,
}) => {
  const demo = new DemoTab(tab);
  await demo.open(site.appUrl);
  await demo.signIn(DEMO);
  const cases = [
    '/echo/a b/c',
    '/echo/café/✓?q=✓&name=José',
    '/echo/plus+sign?a=1+2&b=1%2B2&c=%20',
    '/echo/repeat?a=2&a=1&a=&b=&c',
    "/echo/odd(chars)*!'?x=(1)*!'&y=~._-",
  ];
  for (const path of cases) {
    const url = `${site.apiUrl}${path}`;
    const { status, json, text } = await demo.fetch(url);
    expect(status, `${url}: ${text}`).toBe(200);
    // What the page's own URL parser makes of the query is what the API must have received.
    const expected = await tab.evaluate((u) => {
      const params: Record<string, string[]> = {};
      for (const [k, v] of new URL(u).searchParams) (params[k] ??= []).push(v);
      return params;
    }, url);
    expect((json as unknown as EchoResponse).queryParams, url).toEqual(expected);
  }
});

test('pays one CORS preflight for ten signed GETs and one for ten PUTs to one URL', async ({
  tab,
  site,
}) => {
  const demo = new DemoTab(tab);
  await demo.open(site.appUrl);
  await demo.signIn(DEMO);
  const preflights = () => site.stack.emulator.state.counts.get('api.preflight.echo') ?? 0;
  for (const method of ['GET', 'PUT']) {
    const before = preflights();
    const statuses = await tab.evaluate(
      async ({ url, method }) => {
        const statuses: number[] = [];
        for (let i = 0; i < 10; i++) {
          const body = method === 'PUT' ? `{"n":${i}}` : undefined;
          statuses.push((await fetch(url, { method, body })).status);
        }
        return statuses;
      },
      { url: `${site.apiUrl}/echo/preflights/${method}`, method },
    );
    expect(statuses).toEqual(Array(10).fill(200));
    expect(preflights() - before, method).toBeLessThanOrEqual(1);
  }
});

test('leaves a third-party origin untouched', async ({ tab, site }) => {
  const demo = new DemoTab(tab);
  await demo.open(site.appUrl);
  await demo.signIn(DEMO);
  // The same server under another origin: localhost is not the configured 127.0.0.1.
  const foreign = site.stack.emulator.apiUrl.replace('127.0.0.1', 'localhost') + '/echo/foreign';
  const { status, json } = await demo.fetch(foreign, { headers: { 'X-App': '1' } });
  // API Gateway's answer to a request that carries no signature at all.
  expect(status).toBe(403);
  expect(json).toEqual({ message: 'Missing Authentication Token' });
});

test('answers a signed-out request with the worker’s 401 JSON, and sends nothing', async ({
  tab,
  site,
  control,
}) => {
  const demo = new DemoTab(tab);
  await demo.open(site.appUrl);
  const before = await control.count('api');
  const { status, json } = await demo.fetch(`${site.apiUrl}/echo/signed-out`);
  expect(status).toBe(401);
  expect(json).toMatchObject({ code: 'not-signed-in' });
  expect(await control.count('api')).toBe(before);
});

test('sign-out leaves nothing of the user in IndexedDB or Cache Storage', async ({
  tab,
  site,
  control,
}) => {
  const user = await newUser(control, 'engine');
  const demo = new DemoTab(tab);
  await demo.open(site.appUrl);
  await demo.signIn(user);
  const note = { title: `Diary ${Date.now().toString(36)}`, content: 'secret plans' };
  const put = await demo.fetch(`${site.apiUrl}/notes/diary`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(note),
  });
  expect(put.status).toBe(200);
  // Read the list through the worker, which keeps a copy for offline use.
  expect((await demo.fetch(`${site.apiUrl}/notes`)).text).toContain(note.title);
  const reply = await demo.postToWorker({ type: 'status', v: 1 });
  const { identityId } = (reply as { result: { identityId: string } }).result;
  const accessKeyIds = [...site.stack.emulator.state.credentials.values()]
    .filter((c) => c.identityId === identityId)
    .map((c) => c.accessKeyId);
  expect(accessKeyIds.length).toBeGreaterThan(0);

  const before = await tab.evaluate(readStorage, null);
  // The dump does see the user while signed in, else the check below would prove nothing.
  expect(before).toContain(identityId);
  expect(before).toContain(note.title);

  await demo.signOut();
  const after = await tab.evaluate(readStorage, null);
  for (const needle of [identityId, user.username, note.title, note.content, ...accessKeyIds]) {
    expect(after, needle).not.toContain(needle);
  }
  expect(after).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}/);
  const signedOut = await demo.fetch(`${site.apiUrl}/notes`);
  expect(signedOut.status).toBe(401);
  expect(signedOut.json).toMatchObject({ code: 'not-signed-in' });
});
