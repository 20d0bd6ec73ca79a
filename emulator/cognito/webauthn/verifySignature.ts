import { verify, type KeyObject } from 'node:crypto';
import { COSE_ALGORITHMS, type CoseAlgorithm } from './coseKeyToKeyObject.ts';

/**
 * Verifies a WebAuthn signature: ES256 as ASN.1 DER (WebAuthn §6.5.5), RS256 as RSASSA-PKCS1-v1_5
 * with SHA-256. Returns false for a signature that does not verify or cannot be parsed.
 */
export function verifySignature(
  algorithm: CoseAlgorithm,
  key: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    return algorithm === COSE_ALGORITHMS.ES256
      ? verify('sha256', data, { key, dsaEncoding: 'der' }, signature)
      : verify('sha256', data, key, signature);
  } catch {
    // OpenSSL throws on a DER structure it cannot read; that is a signature that does not verify.
    return false;
  }
}
