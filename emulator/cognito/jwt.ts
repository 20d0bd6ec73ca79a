import { createSign, createVerify } from 'node:crypto';
import type { SigningKey } from './SigningKey.ts';

/** Claims of a decoded token; values are whatever JSON the token carries. */
export type JwtClaims = Record<string, unknown>;

/** Why `verifyJwt` refused a token. */
export type JwtFailure = 'malformed' | 'signature';

/** Outcome of `verifyJwt`: the claims of a well-formed token signed by the key, or why not. */
export type JwtVerification =
  | { ok: true; header: JwtClaims; claims: JwtClaims }
  | { ok: false; reason: JwtFailure; claims?: JwtClaims };

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** Signs `claims` as an RS256 JWT whose header names the key's kid, as Cognito's tokens do. */
export function signJwt(claims: JwtClaims, key: Pick<SigningKey, 'kid' | 'privateKey'>): string {
  const input = `${base64url(JSON.stringify({ kid: key.kid, alg: 'RS256' }))}.${base64url(JSON.stringify(claims))}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key.privateKey);
  return `${input}.${base64url(signature)}`;
}

function parsePart(part: string): JwtClaims | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as JwtClaims)
      : undefined;
  } catch {
    // Not JSON: the caller reports a malformed token, which is what Cognito says too.
    return undefined;
  }
}

/** Decodes a JWT without checking its signature; undefined unless it has a JSON header and claims. */
export function decodeJwt(token: string): { header: JwtClaims; claims: JwtClaims } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const header = parsePart(parts[0] ?? '');
  const claims = parsePart(parts[1] ?? '');
  return header && claims ? { header, claims } : undefined;
}

/**
 * Checks that `token` is an RS256 JWT signed by `key` (matching kid); claims (iss, aud, exp, token_use)
 * are the caller's to check, since each API words its refusals differently.
 */
export function verifyJwt(
  token: string,
  key: Pick<SigningKey, 'kid' | 'publicKey'>,
): JwtVerification {
  const decoded = decodeJwt(token);
  if (!decoded) return { ok: false, reason: 'malformed' };
  const { header, claims } = decoded;
  const lastDot = token.lastIndexOf('.');
  const signature = token.slice(lastDot + 1);
  if (header.alg !== 'RS256' || header.kid !== key.kid || !/^[A-Za-z0-9_-]+$/.test(signature)) {
    return { ok: false, reason: 'signature', claims };
  }
  const valid = createVerify('RSA-SHA256')
    .update(token.slice(0, lastDot))
    .verify(key.publicKey, Buffer.from(signature, 'base64url'));
  return valid ? { ok: true, header, claims } : { ok: false, reason: 'signature', claims };
}
