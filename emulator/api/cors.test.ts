import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, issueCredentials } from './apiTestHelpers.ts';
import { startTestEmulator, type TestEmulator } from '../startTestEmulator.ts';

let api: TestEmulator;

beforeAll(async () => {
  api = await startTestEmulator();
});
afterAll(() => api.close());

const EXPOSED = 'Date, x-amzn-ErrorType, x-amzn-RequestId';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('CORS', () => {
  it('echoes the Origin on a 403 and exposes the error headers', async () => {
    const response = await fetch(`${api.emulator.apiUrl}/notes`, {
      headers: { Origin: 'http://localhost:5173' },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('vary')).toBe('Origin');
    expect(response.headers.get('access-control-expose-headers')).toBe(EXPOSED);
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(response.headers.get('x-amzn-requestid')).toMatch(UUID);
    expect(response.headers.get('date')).toBeTruthy();
  });

  it('allows any origin with * when the request has none', async () => {
    const response = await fetch(`${api.emulator.apiUrl}/nowhere`);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('vary')).toBeNull();
  });

  it('puts CORS headers on successful signed responses too', async () => {
    const credentials = issueCredentials(api.emulator);
    const response = await clientFor(credentials).fetch(`${api.emulator.apiUrl}/notes`, {
      headers: { Origin: 'http://app.test' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://app.test');
    expect(response.headers.get('access-control-expose-headers')).toBe(EXPOSED);
    expect(response.headers.get('x-amzn-requestid')).toMatch(UUID);
  });

  it('answers a preflight on any path without auth, allowing SigV4 and requested headers', async () => {
    for (const path of ['/notes/abc', '/echo/deep/path', '/unknown']) {
      const response = await fetch(`${api.emulator.apiUrl}${path}`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://localhost:5173',
          'Access-Control-Request-Method': 'PUT',
          'Access-Control-Request-Headers': 'x-app-version, content-type, bad header',
        },
      });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(response.headers.get('access-control-allow-methods')).toBe(
        'GET, PUT, POST, DELETE, PATCH, HEAD, OPTIONS',
      );
      expect(response.headers.get('access-control-allow-headers')).toBe(
        'Authorization, Content-Type, X-Amz-Date, X-Amz-Security-Token, X-Amz-Content-Sha256, X-Amz-User-Agent, x-app-version',
      );
      expect(response.headers.get('access-control-max-age')).toBe('600');
      expect(response.headers.get('access-control-expose-headers')).toBe(EXPOSED);
      expect(response.headers.get('x-amzn-errortype')).toBeNull();
    }
  });
});
