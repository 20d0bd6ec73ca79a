import { loadSigningKey, type SigningKey } from '../../../emulator/cognito/SigningKey.ts';
import { signJwt, type JwtClaims } from '../../../emulator/cognito/jwt.ts';
import type { Stack } from '../../support/startStack.ts';

/** The claims of a JWT, unverified. */
export function claimsOf(token: string): JwtClaims & { sub: string; exp: number } {
  return JSON.parse(
    Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'),
  ) as JwtClaims & {
    sub: string;
    exp: number;
  };
}

/** The emulator's own User Pool key: tokens signed with it are genuine as far as Cognito can tell. */
export function emulatorKey(stack: Stack): SigningKey {
  return loadSigningKey(stack.emulator.state.settings.dataDir);
}

/** A fresh RSA key nobody trusts (no data folder, so nothing is saved). */
export function strangerKey(): SigningKey {
  return loadSigningKey('');
}

/** A JWT with `claims`, signed with `key`. */
export function forgeToken(claims: JwtClaims, key: SigningKey): string {
  return signJwt(claims, key);
}
