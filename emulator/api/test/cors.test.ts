import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORS_ALLOWED_HEADERS } from '../../../backend/index.ts';
import { clientFor, issueCredentials } from './apiTestHelpers.ts';
import { startTestEmulator, type TestEmulator } from '../../test/startTestEmulator.ts';

let api: TestEmulator;

beforeAll(async () => {
  api = await startTestEmulator();
});
afterAll(() => api.close());

const APP = 'http://localhost:5173';
const EXPOSED = 'Date, x-amzn-ErrorType, x-amzn-RequestId';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function preflight(path: string, origin: string, headers = 'content-type'): Promise<Response> {
  return fetch(`${api.emulator.apiUrl}${path}`, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'PUT',
      'Access-Control-Request-Headers': headers,
    },
  });
}

describe('CORS', () => {
  it('echoes the Origin on API Gateway’s own 403 and exposes the error headers', async () => {
    const response = await fetch(`${api.emulator.apiUrl}/notes`, { headers: { Origin: APP } });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('vary')).toBe('Origin');
    expect(response.headers.get('access-control-expose-headers')).toBe(EXPOSED);
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(response.headers.get('x-amzn-requestid')).toMatch(UUID);
    expect(response.headers.get('date')).toBeTruthy();
  });

  it('never answers with a wildcard origin', async () => {
    const response = await fetch(`${api.emulator.apiUrl}/nowhere`);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('puts CORS headers on signed responses for an allowed origin, with credentials', async () => {
    const credentials = issueCredentials(api.emulator);
    const response = await clientFor(credentials).fetch(`${api.emulator.apiUrl}/notes`, {
      headers: { Origin: 'http://127.0.0.1:41234' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:41234');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-expose-headers')).toBe(EXPOSED);
    expect(response.headers.get('vary')).toBe('Origin');
    expect(response.headers.get('x-amzn-requestid')).toMatch(UUID);
  });

  it('gives an origin outside the allowed list no CORS headers on the API’s answers', async () => {
    const credentials = issueCredentials(api.emulator);
    for (const origin of ['https://evil.example', 'http://127.0.0.1.evil.example:80', 'null']) {
      const response = await clientFor(credentials).fetch(`${api.emulator.apiUrl}/notes`, {
        headers: { Origin: origin },
      });
      expect(response.status, origin).toBe(200);
      expect(response.headers.get('access-control-allow-origin'), origin).toBeNull();
      expect(response.headers.get('access-control-allow-credentials'), origin).toBeNull();
      expect(response.headers.get('vary'), origin).toBe('Origin');
    }
  });

  it('answers a preflight on each resource without auth, with the fixed lists', async () => {
    for (const path of ['/notes', '/notes/abc', '/echo/deep/path', '/open/x']) {
      const response = await preflight(path, APP, 'x-app-version, content-type, x-unlisted');
      expect(response.status, path).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(APP);
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      expect(response.headers.get('access-control-allow-methods')).toBe(
        'OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD',
      );
      // The list never grows with what was asked: the browser refuses x-unlisted itself.
      expect(response.headers.get('access-control-allow-headers')).toBe(
        CORS_ALLOWED_HEADERS.join(','),
      );
      expect(response.headers.get('access-control-allow-headers')).not.toMatch(/x-unlisted/i);
      expect(response.headers.get('access-control-max-age')).toBe('600');
      expect(response.headers.get('x-amzn-errortype')).toBeNull();
    }
  });

  it('answers a preflight from an origin outside the list without allowing it', async () => {
    const response = await preflight('/notes/abc', 'https://evil.example');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('counts every preflight, answered or refused, under api.preflight', async () => {
    const { state } = api.emulator;
    const before = state.counts.get('api.preflight') ?? 0;
    await preflight('/echo/counted', APP);
    await preflight('/unknown', APP);
    await fetch(`${api.emulator.apiUrl}/open/counted`);
    expect((state.counts.get('api.preflight') ?? 0) - before).toBe(2);
  });

  it('answers a preflight on a path with no resource with API Gateway’s 403', async () => {
    const response = await preflight('/unknown', APP);
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(response.headers.get('access-control-allow-methods')).toBeNull();
  });
});
