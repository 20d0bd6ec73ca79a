import { describe, expect, it } from 'vitest';
import { learnClockOffset } from '../learnClockOffset.ts';

/** An unsigned JWT with the given claims: only the payload is read. */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part({ sub: 's', iss: 'i', aud: 'a', token_use: 'id', exp: IAT + 3600, ...claims })}.c2ln`;
}

const IAT = 1_800_000_000;

describe('learnClockOffset', () => {
  it("reads a device clock 10 minutes ahead of Cognito's as an offset of minus 10 minutes, erring ahead by no more than the round trip and a second", () => {
    // The request left at IAT + 0.3 s on Cognito's clock; Cognito stamped the token 100 ms later.
    const sentAt = IAT * 1000 + 300 + 600_000;
    const offset = learnClockOffset(jwt({ iat: IAT }), sentAt);
    expect(offset).toBeGreaterThanOrEqual(-600_000);
    expect(offset).toBeLessThanOrEqual(-600_000 + 1_000);
  });

  it('reads a device clock 10 minutes behind as plus 10 minutes, never below the true offset', () => {
    // Cognito stamped the token at IAT + 0.9 s, 100 ms after the request left a device 600 s behind.
    const trueOffset = 600_000;
    const sentAt = IAT * 1000 + 800 - trueOffset;
    const offset = learnClockOffset(jwt({ iat: IAT }), sentAt);
    expect(offset).toBeGreaterThanOrEqual(trueOffset);
    expect(offset).toBeLessThanOrEqual(trueOffset + 1_000);
  });

  it('takes the device clock as right when the token has no iat, or cannot be read', () => {
    expect(learnClockOffset(jwt({}), 123)).toBe(0);
    expect(learnClockOffset('not-a-jwt', 123)).toBe(0);
  });
});
