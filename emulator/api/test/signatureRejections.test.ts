import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import type { AwsClient } from 'aws4fetch';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedCredentials } from '../../EmulatorState.ts';
import { clientFor, errorOf, issueCredentials } from './apiTestHelpers.ts';
import { startTestEmulator, type TestEmulator } from '../../test/startTestEmulator.ts';

type SignInit = Parameters<AwsClient['sign']>[1];

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** 2026-11-26T02:15:00Z, on a whole second so the server's clock lands in the same second. */
const SERVER_NOW = Date.UTC(2026, 10, 26, 2, 15, 0);

let api: TestEmulator;
let credentials: IssuedCredentials;
let url: string;

beforeAll(async () => {
  api = await startTestEmulator();
  credentials = issueCredentials(api.emulator);
  url = api.emulator.apiUrl;
});
afterAll(() => api.close());
afterEach(() => {
  api.emulator.state.clockOffsetMs = 0;
});

/** Sets the emulator clock so that it reads `ms` now. */
function setServerClock(ms: number): void {
  api.emulator.state.clockOffsetMs = ms - Date.now();
}

async function signedHeaders(path: string, init: SignInit = {}): Promise<Headers> {
  return (await clientFor(credentials).sign(`${url}${path}`, init)).headers;
}

describe('requests without a valid signature', () => {
  it('rejects a request with no auth as Missing Authentication Token', async () => {
    expect(await errorOf(await fetch(`${url}/echo/x`))).toEqual({
      status: 403,
      type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
  });

  it('answers an unknown resource or method with Missing Authentication Token even when signed', async () => {
    const client = clientFor(credentials);
    for (const [path, method] of [
      ['/nothing', 'GET'],
      ['/notes', 'POST'],
      ['/notes/a/b', 'GET'],
      ['/notes/a', 'PATCH'],
    ] as const) {
      const response = await client.fetch(`${url}${path}`, { method });
      expect(await errorOf(response), `${method} ${path}`).toEqual({
        status: 403,
        type: 'MissingAuthenticationTokenException',
        message: 'Missing Authentication Token',
      });
    }
    const otherStage = url.replace(/\/dev$/, '/prod');
    expect((await client.fetch(`${otherStage}/echo/x`)).status).toBe(403);
  });

  it('rejects a bearer token with the missing equal-sign message', async () => {
    const response = await fetch(`${url}/echo/x`, {
      headers: { Authorization: 'Bearer sometoken' },
    });
    expect(await errorOf(response)).toEqual({
      status: 403,
      type: 'IncompleteSignatureException',
      message:
        "'sometoken' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer sometoken'.",
    });
  });

  it('rejects a bare token listing every missing part and echoing the header', async () => {
    const response = await fetch(`${url}/echo/x`, { headers: { Authorization: 'eyJhbGciOi.x.y' } });
    expect(await errorOf(response)).toEqual({
      status: 403,
      type: 'IncompleteSignatureException',
      message:
        "Authorization header requires 'Credential' parameter. " +
        "Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. " +
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
        'Authorization=eyJhbGciOi.x.y',
    });
  });

  it('rejects an Authorization header without its Signature', async () => {
    const headers = await signedHeaders('/echo/x');
    const authorization = headers.get('authorization')!.replace(/, Signature=[0-9a-f]+/, '');
    headers.set('authorization', authorization);
    expect(await errorOf(await fetch(`${url}/echo/x`, { headers }))).toEqual({
      status: 403,
      type: 'IncompleteSignatureException',
      message: `Authorization header requires 'Signature' parameter. Authorization=${authorization}`,
    });
  });

  it('rejects a signed request without X-Amz-Date', async () => {
    const headers = await signedHeaders('/echo/x');
    headers.delete('x-amz-date');
    expect(await errorOf(await fetch(`${url}/echo/x`, { headers }))).toEqual({
      status: 403,
      type: 'IncompleteSignatureException',
      message:
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
        `Authorization=${headers.get('authorization')}`,
    });
  });

  it('rejects an X-Amz-Date that is not ISO 8601 basic format', async () => {
    const headers = await signedHeaders('/echo/x');
    headers.set('x-amz-date', '2026-11-26T02:15:00Z');
    expect(await errorOf(await fetch(`${url}/echo/x`, { headers }))).toEqual({
      status: 403,
      type: 'IncompleteSignatureException',
      message:
        "Date must be in ISO-8601 'basic format'. Got '2026-11-26T02:15:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
    });
  });

  it('rejects a credential without five parts', async () => {
    const headers = await signedHeaders('/echo/x');
    headers.set(
      'authorization',
      headers
        .get('authorization')!
        .replace(/Credential=[^,]+/, 'Credential=AKID/20261126/us-east-1'),
    );
    expect(await errorOf(await fetch(`${url}/echo/x`, { headers }))).toEqual({
      status: 403,
      type: 'IncompleteSignatureException',
      message:
        "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/20261126/us-east-1'",
    });
  });

  it('rejects a signature that does not sign host', async () => {
    const headers = await signedHeaders('/echo/x');
    headers.set(
      'authorization',
      headers.get('authorization')!.replace('SignedHeaders=host;', 'SignedHeaders='),
    );
    expect(await errorOf(await fetch(`${url}/echo/x`, { headers }))).toEqual({
      status: 403,
      type: 'IncompleteSignatureException',
      message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    });
  });

  it('rejects a credential scoped to another region', async () => {
    const response = await clientFor(credentials, 'eu-west-1').fetch(`${url}/echo/x`);
    expect(await errorOf(response)).toEqual({
      status: 403,
      type: 'InvalidSignatureException',
      message: 'Credential should be scoped to a valid region. ',
    });
  });

  it('rejects a credential scoped to another service, and both at once', async () => {
    const { accessKeyId, secretAccessKey, sessionToken } = credentials;
    const { AwsClient } = await import('aws4fetch');
    const lambda = new AwsClient({
      accessKeyId,
      secretAccessKey,
      sessionToken,
      service: 'lambda',
      region: 'us-east-1',
    });
    expect(await errorOf(await lambda.fetch(`${url}/echo/x`))).toEqual({
      status: 403,
      type: 'InvalidSignatureException',
      message: "Credential should be scoped to correct service: 'execute-api'. ",
    });
    const both = new AwsClient({
      accessKeyId,
      secretAccessKey,
      sessionToken,
      service: 's4',
      region: 'eu-west-1',
    });
    expect((await errorOf(await both.fetch(`${url}/echo/x`))).message).toBe(
      "Credential should be scoped to a valid region. Credential should be scoped to correct service: 'execute-api'. ",
    );
  });

  it('rejects a scope date that differs from X-Amz-Date', async () => {
    const headers = await signedHeaders('/echo/x');
    const date = headers.get('x-amz-date')!;
    const authorization = headers
      .get('authorization')!
      .replace(`/${date.slice(0, 8)}/`, '/20200101/');
    headers.set('authorization', authorization);
    expect(await errorOf(await fetch(`${url}/echo/x`, { headers }))).toEqual({
      status: 403,
      type: 'InvalidSignatureException',
      message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20200101' != '${date.slice(0, 8)}', from '${date}'.`,
    });
  });

  it('rejects a signature more than 5 minutes old with the exact expiry text', async () => {
    setServerClock(SERVER_NOW);
    const headers = await signedHeaders('/echo/x', { aws: { datetime: '20261126T020000Z' } });
    expect(await errorOf(await fetch(`${url}/echo/x`, { headers }))).toEqual({
      status: 403,
      type: 'InvalidSignatureException',
      message:
        'Signature expired: 20261126T020000Z is now earlier than 20261126T021000Z (20261126T021500Z - 5 min.)',
    });
  });

  it('rejects a signature more than 5 minutes ahead with the exact not-yet-current text', async () => {
    setServerClock(SERVER_NOW);
    const headers = await signedHeaders('/echo/x', { aws: { datetime: '20261126T023000Z' } });
    expect(await errorOf(await fetch(`${url}/echo/x`, { headers }))).toEqual({
      status: 403,
      type: 'InvalidSignatureException',
      message:
        'Signature not yet current: 20261126T023000Z is still later than 20261126T022000Z (20261126T021500Z + 5 min.)',
    });
  });

  it('rejects real-clock signatures when the server clock is 15 minutes off either way', async () => {
    api.emulator.state.clockOffsetMs = 15 * 60_000;
    const late = await errorOf(await clientFor(credentials).fetch(`${url}/echo/x`));
    expect(late.type).toBe('InvalidSignatureException');
    expect(late.message).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
    );
    api.emulator.state.clockOffsetMs = -15 * 60_000;
    const early = await errorOf(await clientFor(credentials).fetch(`${url}/echo/x`));
    expect(early.message).toMatch(
      /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/,
    );
  });

  it('rejects a presigned query used after its X-Amz-Expires', async () => {
    const signed = await clientFor(credentials).sign(`${url}/echo/pre?X-Amz-Expires=60`, {
      aws: { signQuery: true },
    });
    api.emulator.state.clockOffsetMs = 2 * 60_000;
    const error = await errorOf(await fetch(signed));
    expect(error.type).toBe('InvalidSignatureException');
    expect(error.message).toMatch(/^Signature expired: .* \(\d{8}T\d{6}Z - 60 sec\.\)$/);
  });

  it('rejects a presigned query missing its signature', async () => {
    const signed = await clientFor(credentials).sign(`${url}/echo/pre`, {
      aws: { signQuery: true },
    });
    const target = new URL(signed.url);
    target.searchParams.delete('X-Amz-Signature');
    expect(await errorOf(await fetch(target))).toEqual({
      status: 403,
      type: 'IncompleteSignatureException',
      message:
        "AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters.",
    });
  });

  const unrecognized = {
    status: 403,
    type: 'UnrecognizedClientException',
    message: 'The security token included in the request is invalid.',
  };

  it('rejects an unknown access key', async () => {
    const stranger = { ...credentials, accessKeyId: 'ASIANOTISSUED0000000' };
    expect(await errorOf(await clientFor(stranger).fetch(`${url}/echo/x`))).toEqual(unrecognized);
  });

  it('rejects a wrong or missing session token', async () => {
    const wrong = { ...credentials, sessionToken: 'not-the-token' };
    expect(await errorOf(await clientFor(wrong).fetch(`${url}/echo/x`))).toEqual(unrecognized);
    const { AwsClient } = await import('aws4fetch');
    const noToken = new AwsClient({
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      service: 'execute-api',
      region: 'us-east-1',
    });
    expect(await errorOf(await noToken.fetch(`${url}/echo/x`))).toEqual(unrecognized);
  });

  it('rejects revoked credentials', async () => {
    const revoked = issueCredentials(api.emulator, { revoked: true });
    expect(await errorOf(await clientFor(revoked).fetch(`${url}/echo/x`))).toEqual(unrecognized);
  });

  it('rejects expired credentials', async () => {
    const expired = issueCredentials(api.emulator, { expiresAt: api.emulator.state.now() - 1 });
    expect(await errorOf(await clientFor(expired).fetch(`${url}/echo/x`))).toEqual({
      status: 403,
      type: 'ExpiredTokenException',
      message: 'The security token included in the request is expired',
    });
  });

  it('rejects a wrong secret with the canonical request and string to sign', async () => {
    const wrong = { ...credentials, secretAccessKey: 'wrong' };
    const error = await errorOf(await clientFor(wrong).fetch(`${url}/echo/x?b=2&a=1`));
    expect(error.status).toBe(403);
    expect(error.type).toBe('InvalidSignatureException');
    expect(error.message).toMatch(
      new RegExp(
        `^${escape(MISMATCH)}\\n\\nThe Canonical String for this request should have been\\n'GET\\n/dev/echo/x\\na=1&b=2\\nhost:127\\.0\\.0\\.1:\\d+\\nx-amz-date:\\d{8}T\\d{6}Z\\nx-amz-security-token:${credentials.sessionToken}\\n\\nhost;x-amz-date;x-amz-security-token\\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'\\n\\nThe String-to-Sign should have been\\n'AWS4-HMAC-SHA256\\n\\d{8}T\\d{6}Z\\n\\d{8}/us-east-1/execute-api/aws4_request\\n[0-9a-f]{64}'\\n$`,
      ),
    );
  });

  describe('tampering after signing', () => {
    async function sendTampered(alter: (signed: Request) => Request): Promise<void> {
      const signed = await clientFor(credentials).sign(`${url}/echo/x?a=1`, {
        method: 'PUT',
        body: 'original',
        headers: { 'X-App-Thing': 'one', 'Content-Type': 'text/plain' },
      });
      const error = await errorOf(await fetch(alter(signed)));
      expect(error.type).toBe('InvalidSignatureException');
      expect(error.message.startsWith(`${MISMATCH}\n\nThe Canonical String`)).toBe(true);
    }
    const rebuild = (
      signed: Request,
      changes: { url?: string; method?: string; body?: string; headers?: Headers },
    ) =>
      new Request(changes.url ?? signed.url, {
        method: changes.method ?? signed.method,
        headers: changes.headers ?? signed.headers,
        body: changes.body ?? 'original',
      });

    it('rejects a changed method', () => sendTampered((s) => rebuild(s, { method: 'POST' })));
    it('rejects a changed path', () =>
      sendTampered((s) => rebuild(s, { url: s.url.replace('/echo/x', '/echo/y') })));
    it('rejects a changed query', () =>
      sendTampered((s) => rebuild(s, { url: s.url.replace('a=1', 'a=2') })));
    it('rejects an added query parameter', () =>
      sendTampered((s) => rebuild(s, { url: `${s.url}&b=1` })));
    it('rejects a changed signed header', () =>
      sendTampered((s) => {
        const headers = new Headers(s.headers);
        headers.set('x-app-thing', 'two');
        return rebuild(s, { headers });
      }));
    it('rejects a changed body', () => sendTampered((s) => rebuild(s, { body: 'tampered' })));
    it('rejects a raw plus where a space was signed', async () => {
      // aws4fetch reads a raw '+' as a space; SigV4 servers read it as a literal plus.
      const response = await clientFor(credentials).fetch(`${url}/echo/q?a=b+c`);
      expect((await errorOf(response)).type).toBe('InvalidSignatureException');
    });
    it('rejects a body changed under a signed x-amz-content-sha256', async () => {
      const signed = await clientFor(credentials).sign(`${url}/echo/x`, {
        method: 'PUT',
        body: 'original',
        headers: { 'X-Amz-Content-Sha256': createHash('sha256').update('original').digest('hex') },
      });
      const error = await errorOf(await fetch(rebuild(signed, { body: 'tampered' })));
      expect(error.type).toBe('InvalidSignatureException');
      expect(error.message.startsWith(MISMATCH)).toBe(true);
    });
    it('rejects a signed UNSIGNED-PAYLOAD, as execute-api always hashes the body', async () => {
      // aws4fetch signs 'UNSIGNED-PAYLOAD' as the payload line when the header says so; API
      // Gateway computes the canonical request from the body's SHA-256 and finds a mismatch.
      const response = await clientFor(credentials).fetch(`${url}/echo/x`, {
        method: 'POST',
        body: 'payload',
        headers: { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' },
      });
      const error = await errorOf(response);
      expect(error.status).toBe(403);
      expect(error.type).toBe('InvalidSignatureException');
      expect(error.message.startsWith(MISMATCH)).toBe(true);
      expect(error.message).toContain(sha256Hex('payload'));
    });
    it("rejects a signed payload hash that is not the body's, even when the signature matches it", async () => {
      for (const claimed of [
        sha256Hex('another body'),
        'not-a-hash',
        sha256Hex('the body').toUpperCase(),
      ]) {
        const response = await clientFor(credentials).fetch(`${url}/echo/x`, {
          method: 'PUT',
          body: 'the body',
          headers: { 'X-Amz-Content-Sha256': claimed },
        });
        const error = await errorOf(response);
        expect(error.type, claimed).toBe('InvalidSignatureException');
        expect(error.message.startsWith(MISMATCH), claimed).toBe(true);
      }
    });
    it('rejects a GET whose signed payload hash is UNSIGNED-PAYLOAD', async () => {
      const response = await clientFor(credentials).fetch(`${url}/echo/x`, {
        headers: { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' },
      });
      expect((await errorOf(response)).type).toBe('InvalidSignatureException');
    });
  });

  it('counts each rejection by error type', async () => {
    const before = api.emulator.state.counts.get('api.MissingAuthenticationTokenException') ?? 0;
    await fetch(`${url}/echo/x`);
    expect(api.emulator.state.counts.get('api.MissingAuthenticationTokenException')).toBe(
      before + 1,
    );
  });
});

describe('malformed and oversized requests', () => {
  it('accepts invalid percent-encoding as literal text', async () => {
    const response = await clientFor(credentials).fetch(`${url}/echo/%zz?a=%zz`);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toMatchObject({
      path: '/dev/echo/%zz',
      queryParams: { a: ['%zz'] },
    });
  });

  it('rejects a body over 10 MB with Request Too Long', async () => {
    const response = await fetch(`${url}/echo/big`, {
      method: 'POST',
      body: new Uint8Array(10 * 1024 * 1024 + 1),
    });
    expect(await errorOf(response)).toEqual({
      status: 413,
      type: 'BadRequestException',
      message: 'Request Too Long',
    });
  });

  it('answers garbage header lines with a JSON 400', async () => {
    const { port } = new URL(url);
    const raw = await rawExchange(
      Number(port),
      'GET /dev/echo HTTP/1.1\r\nHost: x\r\nnot a header\r\n\r\n',
    );
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toMatch(/x-amzn-ErrorType: BadRequestException/i);
    expect(raw).toContain('{"message":"Bad Request"}');
  });

  it('answers huge headers with a JSON 431', async () => {
    const { port } = new URL(url);
    const raw = await rawExchange(
      Number(port),
      `GET /dev/echo HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    expect(raw).toContain('{"message":"Request Header Fields Too Large"}');
  });

  it('answers a failing notes storage with the notes handler’s 500, as the Lambda would', async () => {
    const { rm, writeFile } = await import('node:fs/promises');
    await rm(api.dataDir, { recursive: true, force: true });
    await writeFile(api.dataDir, 'not a folder');
    try {
      const response = await clientFor(credentials).fetch(`${url}/notes/n1`, {
        method: 'PUT',
        body: JSON.stringify({ title: 't', content: 'c' }),
      });
      // The handler's own answer, not API Gateway's: no x-amzn-ErrorType.
      expect(await errorOf(response)).toEqual({
        status: 500,
        type: null,
        message: 'Internal server error',
      });
    } finally {
      await rm(api.dataDir, { force: true });
    }
  });

  it('keeps serving after a client aborts mid-body', async () => {
    const { port } = new URL(url);
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        port,
        method: 'POST',
        path: '/dev/echo/x',
        headers: { 'Content-Length': '1000' },
      });
      req.on('error', () => resolve());
      req.write('partial', () => {
        req.destroy();
        resolve();
      });
    });
    expect((await clientFor(credentials).fetch(`${url}/echo/after`)).status).toBe(200);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function rawExchange(port: number, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(payload));
    let data = '';
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
    socket.on('end', () => resolve(data));
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
}
