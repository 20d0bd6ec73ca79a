import { AwsV4Signer } from 'aws4fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../../../emulator/test/startTestEmulator.ts';
import type { RunningEmulator } from '../../../emulator/index.ts';
import { parseApiUrl, type SignedApi } from '../../../shared/config.ts';
import type { Credentials } from '../SessionStore.ts';
import { readApiRequest, type ApiRequest } from '../ApiRequest.ts';
import { signableHeaders } from '../signableHeaders.ts';
import { signRequest } from '../signRequest.ts';

/** The request as the layer's route reads it. */
const read = async (original: Request, api: SignedApi) =>
  (await readApiRequest(original, api)) as ApiRequest;

/** Fixed credentials for the signer-only cases. */
const CREDENTIALS: Credentials = {
  accessKeyId: 'AKID',
  secretAccessKey: 'secret',
  sessionToken: 'token',
  expiration: 0,
  obtainedAt: 0,
};

/** How a header-signed request is sent (the caller's choice in fetchSigned). */
const HEADER_SIGNED = {
  cache: 'no-store',
  signal: new AbortController().signal,
  signQuery: false,
} as const;
/** How a query-signed read is sent. */
const QUERY_SIGNED = { ...HEADER_SIGNED, signQuery: true } as const;

describe('signableHeaders', () => {
  it('drops the headers the browser owns and keeps the rest', () => {
    const headers = new Headers({ 'x-app': '1', 'sec-fetch-mode': 'cors', dnt: '1' });
    expect([...signableHeaders(headers)]).toEqual([['x-app', '1']]);
  });

  it('hands the headers on uncopied when none is the browser’s', () => {
    const headers = new Headers({ 'x-app': '1', 'content-type': 'text/plain' });
    expect(signableHeaders(headers)).toBe(headers);
  });
});

describe('signRequest', () => {
  it('signs a GET with the payload hash aws4fetch computes for no bytes', async () => {
    const api = parseApiUrl('https://api.example.com/dev', 'us-east-1');
    const url = new URL('https://api.example.com/dev/notes?x=1');
    const now = Date.UTC(2026, 0, 2, 3, 4, 5);
    const ours = await signRequest(
      await read(new Request(url), api),
      CREDENTIALS,
      now,
      new Map(),
      HEADER_SIGNED,
    );
    const theirs = await new AwsV4Signer({
      ...CREDENTIALS,
      url: url.href,
      method: 'GET',
      service: api.service,
      region: api.region,
      datetime: '20260102T030405Z',
    }).sign();
    expect(ours.headers.get('Authorization')).toBe(theirs.headers.get('Authorization'));
  });
});

describe('signRequest for a Lambda Function URL', () => {
  const api = parseApiUrl('https://a1b2.lambda-url.eu-west-1.on.aws', 'eu-west-1', 'lambda');

  it('sends and signs the SHA-256 of the body in X-Amz-Content-Sha256', async () => {
    const body = JSON.stringify({ title: 'ünïcode', content: 'x'.repeat(1000) });
    const original = new Request(`${api.url}/notes/n1`, { method: 'PUT', body });
    const signed = await signRequest(
      await read(original, api),
      CREDENTIALS,
      0,
      new Map(),
      HEADER_SIGNED,
    );
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body));
    const hex = Buffer.from(digest).toString('hex');
    expect(signed.headers.get('X-Amz-Content-Sha256')).toBe(hex);
    expect(signed.headers.get('Authorization')).toMatch(/SignedHeaders=[^,]*x-amz-content-sha256/);
    expect(await signed.text()).toBe(body);
  });

  it('keeps a hash the app set itself, and adds none to a read', async () => {
    const own = new Request(`${api.url}/echo`, {
      method: 'POST',
      body: 'x',
      headers: { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' },
    });
    const signed = await signRequest(
      await read(own, api),
      CREDENTIALS,
      0,
      new Map(),
      HEADER_SIGNED,
    );
    expect(signed.headers.get('X-Amz-Content-Sha256')).toBe('UNSIGNED-PAYLOAD');
    const get = new Request(`${api.url}/notes`);
    const bodiless = await signRequest(
      await read(get, api),
      CREDENTIALS,
      0,
      new Map(),
      HEADER_SIGNED,
    );
    expect(bodiless.headers.has('X-Amz-Content-Sha256')).toBe(false);
  });
});

describe('signRequest against the emulated API Gateway', () => {
  let testEmulator: TestEmulator;
  let emulator: RunningEmulator;
  const credentials: Credentials = {
    accessKeyId: 'ASIAUNITTEST0000001',
    secretAccessKey: 'unit-test-secret',
    sessionToken: 'unit-test-session-token',
    expiration: Date.now() + 3600_000,
    obtainedAt: Date.now(),
  };

  beforeAll(async () => {
    testEmulator = await startTestEmulator();
    emulator = testEmulator.emulator;
    emulator.state.credentials.set(credentials.accessKeyId, {
      ...credentials,
      identityId: 'us-east-1:unit',
      expiresAt: credentials.expiration,
      revoked: false,
    });
  });
  afterAll(() => testEmulator.close());

  async function send(
    url: string,
    init: RequestInit = {},
    how: typeof HEADER_SIGNED | typeof QUERY_SIGNED = HEADER_SIGNED,
  ) {
    const original = new Request(url, init);
    const api = parseApiUrl(emulator.apiUrl, 'us-east-1');
    const signed = await signRequest(
      await read(original, api),
      credentials,
      Date.now(),
      new Map(),
      how,
    );
    return fetch(signed);
  }

  it.each([
    '/echo/q',
    '/echo/a b/c?q=a+b&q=c%2Bd&empty=&flag',
    '/echo/x?z=1&a=2&a=1&%C3%A9=%E2%9C%93&sp=a%20b&star=*&tilde=~',
  ])('is accepted signed in the query string for %s', async (suffix) => {
    const response = await send(emulator.apiUrl + suffix, {}, QUERY_SIGNED);
    expect(response.status, await response.clone().text()).toBe(200);
    const echo = (await response.json()) as { headers: Record<string, string> };
    expect(echo.headers['authorization']).toBeUndefined();
    const head = await send(emulator.apiUrl + suffix, { method: 'HEAD' }, QUERY_SIGNED);
    expect(head.status).toBe(200);
  });

  it('is refused signed in the query string once a parameter is changed', async () => {
    const original = new Request(`${emulator.apiUrl}/echo/q?a=1`);
    const signed = await signRequest(
      await read(original, parseApiUrl(emulator.apiUrl, 'us-east-1')),
      credentials,
      Date.now(),
      new Map(),
      QUERY_SIGNED,
    );
    const tampered = new URL(signed.url);
    tampered.searchParams.set('a', '2');
    const response = await fetch(tampered);
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-ErrorType')).toBe('InvalidSignatureException');
  });

  it.each([
    '/echo/a b/c',
    '/echo/caf%C3%A9/✓',
    "/echo/it's/(x)*!",
    '/echo/x?q=a+b&q=c%2Bd&empty=&flag',
    '/echo/x?z=1&a=2&a=1&%C3%A9=%E2%9C%93',
    '/echo/x?sp=a%20b&star=*&tilde=~',
  ])('is accepted for %s', async (suffix) => {
    const response = await send(emulator.apiUrl + suffix);
    expect(response.status, await response.clone().text()).toBe(200);
  });

  it('reads a raw plus as a space and %2B as a plus, as the server sees them', async () => {
    const response = await send(`${emulator.apiUrl}/echo/q?a=1+2&b=1%2B2`);
    const echo = (await response.json()) as { queryParams: Record<string, string[]> };
    expect(echo.queryParams).toEqual({ a: ['1 2'], b: ['1+2'] });
  });

  it('signs the exact body bytes and every header the app set', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252]);
    const response = await send(`${emulator.apiUrl}/echo/bin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', 'X-App-Trace': 'abc' },
      body: bytes,
    });
    expect(response.status).toBe(200);
    const echo = (await response.json()) as { bodySha256: string; headers: Record<string, string> };
    const expected = Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex');
    expect(echo.bodySha256).toBe(expected);
    expect(echo.headers['authorization']).toContain('x-app-trace');
  });

  it("keeps the app's credentials mode only for an API configured to forward cookies", async () => {
    const sign = async (forwardCookies: boolean, init: RequestInit) => {
      const original = new Request('https://api.test/dev/x', init);
      const api = { ...parseApiUrl('https://api.test/dev', 'eu-west-1'), forwardCookies };
      return signRequest(
        await read(original, api),
        credentials,
        Date.UTC(2026, 10, 26, 12),
        new Map(),
        HEADER_SIGNED,
      );
    };
    expect((await sign(false, { credentials: 'include' })).credentials).toBe('omit');
    expect((await sign(false, { credentials: 'same-origin' })).credentials).toBe('omit');
    expect((await sign(true, { credentials: 'include' })).credentials).toBe('include');
    expect((await sign(true, { credentials: 'omit' })).credentials).toBe('omit');
    expect((await sign(true, { mode: 'no-cors', credentials: 'include' })).credentials).toBe(
      'same-origin',
    );
  });

  it("keeps the app's request options and re-issues as CORS, with the caller's cache mode and no redirects", async () => {
    const original = new Request('https://api.test/dev/x', {
      method: 'POST',
      body: 'x'.repeat(70_000),
      credentials: 'include',
      cache: 'force-cache',
      redirect: 'follow',
      referrerPolicy: 'no-referrer',
      keepalive: false,
    });
    const api = parseApiUrl('https://api.test/dev', 'eu-west-1');
    const signed = await signRequest(
      await read(original, api),
      credentials,
      Date.UTC(2026, 10, 26, 12),
      new Map(),
      HEADER_SIGNED,
    );
    expect(signed.mode).toBe('cors');
    // SigV4 needs no cookies: an API not configured to forward them gets none.
    expect(signed.credentials).toBe('omit');
    expect(signed.cache).toBe('no-store');
    expect(signed.redirect).toBe('manual');
    expect(signed.referrerPolicy).toBe('no-referrer');
    expect(signed.headers.get('Authorization')).toMatch(
      /^AWS4-HMAC-SHA256 Credential=ASIAUNITTEST0000001\/20261126\/eu-west-1\/execute-api\/aws4_request, /,
    );
    expect(signed.headers.get('X-Amz-Date')).toBe('20261126T120000Z');
    expect(signed.headers.get('X-Amz-Security-Token')).toBe('unit-test-session-token');
  });

  it('re-issues a no-cors original (an <img>) without credentials, which SigV4 does not need', async () => {
    const original = new Request('https://api.test/dev/pic.png', { mode: 'no-cors' });
    const signed = await signRequest(
      await read(original, parseApiUrl('https://api.test/dev', 'eu-west-1')),
      credentials,
      Date.UTC(2026, 10, 26, 12),
      new Map(),
      HEADER_SIGNED,
    );
    expect(signed.mode).toBe('cors');
    expect(signed.credentials).toBe('omit');
  });
});
