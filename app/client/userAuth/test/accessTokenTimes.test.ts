import { describe, expect, it } from 'vitest';
import { accessTokenTimes } from '../accessTokenTimes.ts';

/** An unsigned JWT with the given claims: only the payload is read. */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part({ sub: 's', token_use: 'access', ...claims })}.c2ln`;
}

describe('accessTokenTimes', () => {
  it("reads a JWT access token's exp and iat, which Cognito's carry (no aud, unlike ID tokens)", () => {
    expect(accessTokenTimes(jwt({ iat: 100, exp: 400, client_id: 'c' }))).toEqual({
      exp: 400,
      iat: 100,
    });
    expect(accessTokenTimes(jwt({ exp: 400 }))).toEqual({ exp: 400 });
  });

  it('reads nothing from an opaque token, or a JWT without a numeric exp', () => {
    expect(accessTokenTimes('opaque-access-token')).toBeUndefined();
    expect(accessTokenTimes('a.%%%.c')).toBeUndefined();
    expect(accessTokenTimes(jwt({ exp: 'soon' }))).toBeUndefined();
    expect(accessTokenTimes(`x.${Buffer.from('null').toString('base64url')}.y`)).toBeUndefined();
  });
});
