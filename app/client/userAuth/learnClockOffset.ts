import { decodeJwtPayload } from '../../../shared/jwt.ts';

/** `iat` is whole seconds, floored: the token was stamped before `iat` plus this. */
const IAT_RESOLUTION_MS = 1_000;

/**
 * How far Cognito's clock is ahead of this device's, in milliseconds (negative when behind), from
 * the `iat` of an ID token that a request sent at `sentAtMs` on this device's clock brought back.
 */
export function learnClockOffset(idToken: string, sentAtMs: number): number {
  let iat: unknown;
  try {
    iat = decodeJwtPayload(idToken).iat;
  } catch {
    // Called after a refresh token was spent: a token it cannot read must not lose the session.
  }
  // Without `iat` there is nothing to learn from: the device's clock is taken as right.
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return 0;
  // Cognito stamped the token after the request left, and before `iat` + 1 s on its clock: this
  // estimate errs ahead (by at most the round trip and a second), so expiry is judged early, never late.
  return iat * 1000 + IAT_RESOLUTION_MS - sentAtMs;
}
