import { isAllowedOrigin } from '../../../backend/index.ts';

/**
 * Whether a ceremony's origin may use the relying party `rpId`. With `allowed` listed (exact, or
 * `http://host:*` for any port), only those; otherwise http://localhost on any port, and http or https
 * on the RP ID's host or a subdomain of it (WebAuthn §13.4.9: the RP ID is the origin's host or a
 * registrable suffix of it).
 */
export function isAllowedWebAuthnOrigin(
  origin: string,
  rpId: string,
  allowed: readonly string[] = [],
): boolean {
  if (allowed.length > 0) return isAllowedOrigin(origin, allowed);
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    // Not a URL at all (e.g. an Android apk-key-hash origin), so not one of the default origins.
    return false;
  }
  if (url.origin !== origin || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    return false;
  if (url.protocol === 'http:' && url.hostname === 'localhost') return true;
  return url.hostname === rpId || url.hostname.endsWith(`.${rpId}`);
}
