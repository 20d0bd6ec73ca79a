import { WebAuthnVerificationError } from './WebAuthnVerificationError.ts';

/** Decodes a base64url field of a WebAuthn JSON response, refusing anything but the URL-safe alphabet. */
export function decodeBase64Url(value: unknown, field: string): Buffer {
  // Node's decoder skips characters outside the alphabet; a response carrying them is malformed.
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]*={0,2}$/.test(value)) {
    throw new WebAuthnVerificationError('malformed', `${field} must be a base64url string`);
  }
  return Buffer.from(value, 'base64url');
}
