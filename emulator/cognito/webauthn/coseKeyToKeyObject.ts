import { createPublicKey, type KeyObject } from 'node:crypto';
import type { CborValue } from './decodeCbor.ts';
import { WebAuthnVerificationError } from './WebAuthnVerificationError.ts';

/** COSE algorithm ids this verifier supports: ES256 and RS256 (RFC 9053, RFC 8812). */
export const COSE_ALGORITHMS = { ES256: -7, RS256: -257 } as const;

/** A supported COSE algorithm id. */
export type CoseAlgorithm = (typeof COSE_ALGORITHMS)[keyof typeof COSE_ALGORITHMS];

/** COSE key labels and values (RFC 9052 §7, RFC 9053 §7.1, RFC 8230 §4). */
const KTY = 1;
const ALG = 3;
const KTY_EC2 = 2;
const KTY_RSA = 3;
const EC2_CRV = -1;
const EC2_X = -2;
const EC2_Y = -3;
const CRV_P256 = 1;
const RSA_N = -1;
const RSA_E = -2;
/** Smallest RSA modulus accepted: 2048 bits, the floor NIST SP 800-131A sets. */
const MIN_RSA_BITS = 2048;

function unsupported(message: string): WebAuthnVerificationError {
  return new WebAuthnVerificationError('unsupported', `COSE key: ${message}`);
}

function bytesAt(key: Map<unknown, CborValue>, label: number, length?: number): Buffer {
  const value = key.get(label);
  if (!(value instanceof Uint8Array) || (length !== undefined && value.length !== length)) {
    throw new WebAuthnVerificationError(
      'malformed',
      `COSE key: parameter ${label} must be ${length ?? 'a'} byte${length === 1 ? '' : 's'}`,
    );
  }
  return Buffer.from(value);
}

/** A COSE_Key's algorithm and its public key as a node:crypto KeyObject; ES256 (EC2 P-256) and RS256 only. */
export function coseKeyToKeyObject(cose: CborValue): { algorithm: CoseAlgorithm; key: KeyObject } {
  if (!(cose instanceof Map)) {
    throw new WebAuthnVerificationError('malformed', 'COSE key: not a map');
  }
  const kty = cose.get(KTY);
  const alg = cose.get(ALG);
  if (alg === COSE_ALGORITHMS.ES256) {
    if (kty !== KTY_EC2) throw unsupported('ES256 needs key type EC2');
    if (cose.get(EC2_CRV) !== CRV_P256) throw unsupported('ES256 needs curve P-256');
    const jwk = {
      kty: 'EC',
      crv: 'P-256',
      x: bytesAt(cose, EC2_X, 32).toString('base64url'),
      y: bytesAt(cose, EC2_Y, 32).toString('base64url'),
    };
    return { algorithm: alg, key: toKeyObject(jwk) };
  }
  if (alg === COSE_ALGORITHMS.RS256) {
    if (kty !== KTY_RSA) throw unsupported('RS256 needs key type RSA');
    const n = bytesAt(cose, RSA_N);
    const jwk = {
      kty: 'RSA',
      n: n.toString('base64url'),
      e: bytesAt(cose, RSA_E).toString('base64url'),
    };
    const key = toKeyObject(jwk);
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) {
      throw unsupported(`RSA modulus shorter than ${MIN_RSA_BITS} bits`);
    }
    return { algorithm: alg, key };
  }
  throw unsupported(`algorithm ${String(alg)} is not ES256 (-7) or RS256 (-257)`);
}

function toKeyObject(jwk: Record<string, string>): KeyObject {
  try {
    return createPublicKey({ key: jwk, format: 'jwk' });
  } catch (error) {
    // node:crypto refuses points off the curve and malformed RSA parameters.
    throw new WebAuthnVerificationError('malformed', 'COSE key: not a valid public key', {
      cause: error,
    });
  }
}
