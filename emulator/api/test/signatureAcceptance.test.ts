import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedCredentials } from '../../EmulatorState.ts';
import { clientFor, issueCredentials } from './apiTestHelpers.ts';
import { startTestEmulator, type TestEmulator } from '../../test/startTestEmulator.ts';
import type { EchoResponse } from '../echoRoute.ts';

let api: TestEmulator;
let credentials: IssuedCredentials;

beforeAll(async () => {
  api = await startTestEmulator();
  credentials = issueCredentials(api.emulator);
});
afterAll(() => api.close());

async function echo(path: string, init?: RequestInit): Promise<EchoResponse> {
  const response = await clientFor(credentials).fetch(`${api.emulator.apiUrl}${path}`, init);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as EchoResponse;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('requests signed by aws4fetch', () => {
  it('accepts a GET and names the caller identity', async () => {
    const body = await echo('/echo/hello');
    expect(body).toMatchObject({
      method: 'GET',
      path: '/dev/echo/hello',
      query: '',
      bodyLength: 0,
    });
    expect(body.identityId).toBe(credentials.identityId);
    expect(body.bodySha256).toBe(sha256(''));
  });

  it('accepts the bare echo resource without a proxy path', async () => {
    expect((await echo('/echo')).path).toBe('/dev/echo');
  });

  it('accepts a PUT with a JSON body and reports its hash', async () => {
    const json = JSON.stringify({ hello: 'wörld' });
    const body = await echo('/echo/json', {
      method: 'PUT',
      body: json,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(body.method).toBe('PUT');
    expect(body.bodySha256).toBe(sha256(json));
    expect(body.bodyLength).toBe(Buffer.byteLength(json));
    expect(body.headers['content-type']).toBe('application/json');
  });

  it('accepts a POST with a binary body', async () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    const body = await echo('/echo/binary', {
      method: 'POST',
      body: bytes,
      headers: { 'Content-Type': 'application/octet-stream' },
    });
    expect(body.bodySha256).toBe(sha256(bytes));
    expect(body.bodyLength).toBe(70_000);
  });

  it('accepts a DELETE and a PATCH', async () => {
    expect((await echo('/echo/x', { method: 'DELETE' })).method).toBe('DELETE');
    expect((await echo('/echo/x', { method: 'PATCH', body: 'p' })).method).toBe('PATCH');
  });

  it('accepts a signed x-amz-content-sha256 that matches the body', async () => {
    const body = await echo('/echo/sha', {
      method: 'POST',
      body: 'abc',
      headers: { 'X-Amz-Content-Sha256': sha256('abc') },
    });
    expect(body.bodySha256).toBe(sha256('abc'));
  });

  it('accepts a path with an encoded space and reports it raw', async () => {
    expect((await echo('/echo/a%20b')).path).toBe('/dev/echo/a%20b');
  });

  it('accepts a unicode path', async () => {
    expect((await echo('/echo/caf%C3%A9')).path).toBe('/dev/echo/caf%C3%A9');
  });

  it("accepts a path with characters aws4fetch encodes itself (!'()*)", async () => {
    expect((await echo("/echo/it's(1)*!")).path).toBe("/dev/echo/it's(1)*!");
  });

  it('accepts an encoded plus and a space in the query, decoding them apart', async () => {
    const body = await echo('/echo/q?plus=a%2Bb&space=a%20b');
    expect(body.query).toBe('plus=a%2Bb&space=a%20b');
    expect(body.queryParams).toEqual({ plus: ['a+b'], space: ['a b'] });
  });

  it('accepts a unicode query value', async () => {
    expect((await echo('/echo/q?q=%E2%9C%93')).queryParams).toEqual({ q: ['✓'] });
  });

  it('accepts repeated keys and empty values', async () => {
    const body = await echo('/echo/q?a=1&a=2&b=&c');
    expect(body.query).toBe('a=1&a=2&b=&c');
    expect(body.queryParams).toEqual({ a: ['1', '2'], b: [''], c: [''] });
  });

  it('accepts repeated keys out of order', async () => {
    expect((await echo('/echo/q?z=2&a=9&z=1')).queryParams).toEqual({ z: ['2', '1'], a: ['9'] });
  });

  it('accepts reserved characters in query values', async () => {
    const body = await echo("/echo/q?k=%2F%3F%26%3D%23!'()*~");
    expect(body.queryParams.k).toEqual(["/?&=#!'()*~"]);
  });

  it('accepts a presigned query without an Authorization header', async () => {
    const signed = await clientFor(credentials).sign(`${api.emulator.apiUrl}/echo/pre?x=1`, {
      aws: { signQuery: true },
    });
    expect(signed.headers.has('authorization')).toBe(false);
    const response = await fetch(signed);
    expect(response.status, await response.clone().text()).toBe(200);
    const body = (await response.json()) as EchoResponse;
    expect(body.queryParams.x).toEqual(['1']);
    expect(body.queryParams['X-Amz-Signature']).toHaveLength(1);
  });

  it('accepts a presigned query with X-Amz-Expires inside its window', async () => {
    const signed = await clientFor(credentials).sign(
      `${api.emulator.apiUrl}/echo/pre?X-Amz-Expires=3600`,
      { aws: { signQuery: true } },
    );
    api.emulator.state.clockOffsetMs = 30 * 60_000;
    try {
      expect((await fetch(signed)).status).toBe(200);
    } finally {
      api.emulator.state.clockOffsetMs = 0;
    }
  });

  it('accepts a signature up to 5 minutes off the server clock', async () => {
    api.emulator.state.clockOffsetMs = 4 * 60_000;
    try {
      expect((await echo('/echo/skew')).method).toBe('GET');
    } finally {
      api.emulator.state.clockOffsetMs = 0;
    }
  });

  it('counts every request', async () => {
    const before = api.emulator.state.counts.get('api') ?? 0;
    await echo('/echo/count');
    expect(api.emulator.state.counts.get('api')).toBe(before + 1);
  });
});
