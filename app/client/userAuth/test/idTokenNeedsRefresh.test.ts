import { describe, expect, it } from 'vitest';
import { idTokenNeedsRefresh } from '../idTokenNeedsRefresh.ts';

/** An unsigned JWT with the given claims: only the payload is read. */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part({ sub: 's', iss: 'i', aud: 'a', token_use: 'id', ...claims })}.c2ln`;
}

const IAT = 1_800_000_000;

describe('idTokenNeedsRefresh', () => {
  it('refreshes an hour-long token 15 s before it expires, not earlier', () => {
    const token = jwt({ iat: IAT, exp: IAT + 3600 });
    expect(idTokenNeedsRefresh(token, (IAT + 3600 - 16) * 1000)).toBe(false);
    expect(idTokenNeedsRefresh(token, (IAT + 3600 - 15) * 1000)).toBe(true);
  });

  it('refreshes a token of seconds a quarter of its lifetime before it expires', () => {
    const token = jwt({ iat: IAT, exp: IAT + 4 });
    expect(idTokenNeedsRefresh(token, (IAT + 2.9) * 1000)).toBe(false);
    expect(idTokenNeedsRefresh(token, (IAT + 3) * 1000)).toBe(true);
  });

  it('refreshes an expired token, and one without iat by the 15 s cap alone', () => {
    expect(idTokenNeedsRefresh(jwt({ iat: IAT, exp: IAT + 60 }), (IAT + 61) * 1000)).toBe(true);
    const noIat = jwt({ exp: IAT + 3600 });
    expect(idTokenNeedsRefresh(noIat, (IAT + 3584) * 1000)).toBe(false);
    expect(idTokenNeedsRefresh(noIat, (IAT + 3585) * 1000)).toBe(true);
  });

  it('refuses a token that is not a JWT with exp', () => {
    expect(() => idTokenNeedsRefresh('not-a-jwt', 0)).toThrow();
    expect(() => idTokenNeedsRefresh(jwt({ iat: IAT }), 0)).toThrow();
  });
});
