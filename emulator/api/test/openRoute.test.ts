import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EchoResponse } from '../echoRoute.ts';
import { errorOf } from './apiTestHelpers.ts';
import { startTestEmulator, type TestEmulator } from '../../test/startTestEmulator.ts';

let api: TestEmulator;

beforeAll(async () => {
  api = await startTestEmulator();
});
afterAll(() => api.close());

describe('open route (authorization NONE)', () => {
  it('answers an unsigned GET like the echo route, with no identity', async () => {
    const response = await fetch(`${api.emulator.apiUrl}/open/a/b?x=1`, {
      headers: { Origin: 'http://localhost:5173' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const echo = (await response.json()) as EchoResponse;
    expect(echo).toMatchObject({ method: 'GET', path: '/dev/open/a/b', query: 'x=1' });
    expect(echo.identityId).toBe('');
  });

  it('reads and hashes an unsigned POST body', async () => {
    const response = await fetch(`${api.emulator.apiUrl}/open/upload`, {
      method: 'POST',
      body: 'hello',
    });
    const echo = (await response.json()) as EchoResponse;
    expect(echo.bodyLength).toBe(5);
    expect(echo.bodySha256).toBe(
      '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
    );
  });

  it('keeps other methods and the echo route behind IAM auth', async () => {
    const put = await fetch(`${api.emulator.apiUrl}/open/x`, { method: 'PUT', body: 'x' });
    expect((await errorOf(put)).type).toBe('MissingAuthenticationTokenException');
    const echo = await fetch(`${api.emulator.apiUrl}/echo/x`);
    expect((await errorOf(echo)).status).toBe(403);
  });
});
