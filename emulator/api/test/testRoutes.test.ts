import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedCredentials } from '../../EmulatorState.ts';
import { startTestEmulator, type TestEmulator } from '../../test/startTestEmulator.ts';
import { clientFor, errorOf, issueCredentials } from './apiTestHelpers.ts';
import type { EchoResponse } from '../echoRoute.ts';

let api: TestEmulator;
let credentials: IssuedCredentials;

beforeAll(async () => {
  api = await startTestEmulator();
  credentials = issueCredentials(api.emulator);
});
afterAll(() => api.close());

describe('routes for the worker tests', () => {
  it('answers /cached with the echo and max-age=600', async () => {
    const response = await clientFor(credentials).fetch(`${api.emulator.apiUrl}/cached/a?b=1`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('max-age=600');
    const echo = (await response.json()) as EchoResponse;
    expect(echo.identityId).toBe(credentials.identityId);
    expect(echo.path).toBe('/dev/cached/a');
  });

  it('serves a real PNG under /image, signed like every route', async () => {
    const unsigned = await fetch(`${api.emulator.apiUrl}/image/dot.png`);
    expect((await errorOf(unsigned)).type).toBe('MissingAuthenticationTokenException');
    const response = await clientFor(credentials).fetch(`${api.emulator.apiUrl}/image/dot.png`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
  });

  it('answers /redirect/{status} with the Location it was given, for any method', async () => {
    const to = 'http://localhost:1/elsewhere?x=1';
    for (const [status, method] of [
      [302, 'GET'],
      [307, 'POST'],
      [308, 'PUT'],
      [303, 'DELETE'],
    ] as const) {
      const response = await clientFor(credentials).fetch(
        `${api.emulator.apiUrl}/redirect/${status}?to=${encodeURIComponent(to)}`,
        { method, redirect: 'manual', body: method === 'GET' ? undefined : 'x' },
      );
      expect(response.status, method).toBe(status);
      expect(response.headers.get('location'), method).toBe(to);
    }
  });

  it('refuses a redirect without a target or with a status that is not a redirect', async () => {
    const client = clientFor(credentials);
    const missing = await client.fetch(`${api.emulator.apiUrl}/redirect/302`, {
      redirect: 'manual',
    });
    expect(missing.status).toBe(400);
    const wrong = await client.fetch(`${api.emulator.apiUrl}/redirect/200?to=/x`, {
      redirect: 'manual',
    });
    expect(wrong.status).toBe(400);
  });
});
