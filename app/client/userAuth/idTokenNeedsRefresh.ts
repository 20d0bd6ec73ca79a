import { decodeJwtPayload } from '../../../shared/jwt.ts';

/**
 * Refresh an ID token this long before its `exp` at most. The worker treats a token as expired up
 * to 10 s early (a sixth of its lifetime at most, `refreshPolicy.idTokenMarginMs`); the page's
 * margin is wider on both counts, so a token the page still hands over is one the worker takes.
 */
const ID_TOKEN_MARGIN_CAP_MS = 15_000;
/** …and never more than this share of its lifetime, so tokens of seconds (tests) still get used. */
const ID_TOKEN_MARGIN_SHARE = 1 / 4;

/** Whether an ID token is within its refresh margin of expiry (or past it) at `nowMs`. */
export function idTokenNeedsRefresh(idToken: string, nowMs: number): boolean {
  return nearExpiry(decodeJwtPayload(idToken), nowMs);
}

/** Whether a token issued at `iat` and expiring at `exp` (seconds) is within its refresh margin at `nowMs`. */
export function nearExpiry(
  times: { exp: number; iat?: number | undefined },
  nowMs: number,
): boolean {
  const { exp, iat } = times;
  const expiresMs = exp * 1000;
  // Cognito's tokens carry `iat`; without it, the cap alone applies.
  const lifetimeMs = typeof iat === 'number' ? expiresMs - iat * 1000 : Infinity;
  const margin = Math.min(ID_TOKEN_MARGIN_CAP_MS, Math.max(0, lifetimeMs) * ID_TOKEN_MARGIN_SHARE);
  return nowMs >= expiresMs - margin;
}
