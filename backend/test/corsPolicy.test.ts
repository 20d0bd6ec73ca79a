import { describe, expect, it } from 'vitest';
import {
  checkAllowedOrigins,
  gatewayCorsHeaders,
  isAllowedOrigin,
  preflightCorsHeaders,
} from '../corsPolicy.ts';

describe('the CORS policy', () => {
  it('matches exact origins, and any port only where the entry says :*', () => {
    const allowed = ['https://app.example.com', 'http://127.0.0.1:*'];
    expect(isAllowedOrigin('https://app.example.com', allowed)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:5173', allowed)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1', allowed)).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:5173.evil.example', allowed)).toBe(false);
    expect(isAllowedOrigin('https://app.example.com:8443', allowed)).toBe(false);
    expect(isAllowedOrigin('http://app.example.com', allowed)).toBe(false);
    expect(isAllowedOrigin('null', allowed)).toBe(false);
    expect(isAllowedOrigin(undefined, allowed)).toBe(false);
  });

  it('refuses a wildcard, a path or an empty list of allowed origins', () => {
    for (const bad of [['*'], ['https://*.example.com'], ['https://a.example/app'], [''], []]) {
      expect(() => checkAllowedOrigins(bad), JSON.stringify(bad)).toThrow(TypeError);
    }
    expect(checkAllowedOrigins(['https://a.example', 'http://localhost:*'])).toHaveLength(2);
  });

  it('puts CORS on API Gateway’s own 4xx and 5xx, echoing the Origin with credentials', () => {
    for (const status of [403, 413, 429, 500, 502, 504]) {
      expect(gatewayCorsHeaders('https://a.example', status)).toMatchObject({
        'Access-Control-Allow-Origin': 'https://a.example',
        'Access-Control-Allow-Credentials': 'true',
        Vary: 'Origin',
      });
    }
    expect(gatewayCorsHeaders(undefined, 403)['Access-Control-Allow-Origin']).toBeUndefined();
  });

  it('answers a preflight with the same lists whatever it asked for', () => {
    const a = preflightCorsHeaders('https://a.example', ['https://a.example']);
    const b = preflightCorsHeaders('https://b.example', ['https://a.example']);
    expect(a['Access-Control-Allow-Headers']).toBe(b['Access-Control-Allow-Headers']);
    expect(a['Access-Control-Allow-Headers']).toContain('X-Amz-Security-Token');
    expect(a['Access-Control-Allow-Origin']).toBe('https://a.example');
    expect(b['Access-Control-Allow-Origin']).toBeUndefined();
  });
});
