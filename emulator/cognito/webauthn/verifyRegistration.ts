import { createHash } from 'node:crypto';
import {
  checkAuthenticatorData,
  checkClientData,
  type CeremonyExpectation,
} from './checkCeremony.ts';
import { coseKeyToKeyObject, type CoseAlgorithm } from './coseKeyToKeyObject.ts';
import { decodeBase64Url } from './decodeBase64Url.ts';
import { decodeCbor, type CborValue } from './decodeCbor.ts';
import { parseAuthenticatorData } from './parseAuthenticatorData.ts';
import { readClientData } from './readClientData.ts';
import { readCredentialJson } from './readCredentialJson.ts';
import { verifySignature } from './verifySignature.ts';
import { WebAuthnVerificationError } from './WebAuthnVerificationError.ts';

/** A newly registered credential, as a relying party keeps it. */
export interface VerifiedRegistration {
  /** base64url. */
  credentialId: string;
  /** The COSE_Key bytes, base64url. */
  publicKey: string;
  algorithm: CoseAlgorithm;
  signCount: number;
  /** Hex, 32 digits; all zeros under `none` attestation. */
  aaguid: string;
  userVerified: boolean;
  backupEligible: boolean;
  backedUp: boolean;
  transports: string[];
  authenticatorAttachment?: string;
  attestationFormat: 'none' | 'packed';
}

function isEmptyMap(value: CborValue): boolean {
  return value instanceof Map && value.size === 0;
}

function checkPackedSelfAttestation(
  attStmt: CborValue,
  algorithm: CoseAlgorithm,
  verifyWith: (data: Uint8Array, signature: Uint8Array) => boolean,
  signedData: Uint8Array,
): void {
  if (!(attStmt instanceof Map))
    throw new WebAuthnVerificationError('malformed', 'attStmt is not a map');
  if (attStmt.has('x5c')) {
    // Full packed attestation needs certificate-chain checks against trust anchors this emulator has none of.
    throw new WebAuthnVerificationError(
      'unsupported',
      'Packed attestation with a certificate (x5c) is not supported; use attestation "none"',
    );
  }
  const sig = attStmt.get('sig');
  if (attStmt.get('alg') !== algorithm || !(sig instanceof Uint8Array)) {
    throw new WebAuthnVerificationError(
      'malformed',
      'Packed self attestation needs alg equal to the credential key algorithm and a sig',
    );
  }
  if (!verifyWith(signedData, sig)) {
    throw new WebAuthnVerificationError(
      'signature',
      'The packed self-attestation signature does not verify',
    );
  }
}

/**
 * Verifies a RegistrationResponseJSON (WebAuthn §7.1): client data, authenticator data, the credential
 * key (ES256 or RS256), and attestation `none` or `packed` self attestation; other formats are refused.
 */
export function verifyRegistration(
  credential: unknown,
  expected: CeremonyExpectation,
): VerifiedRegistration {
  const json = readCredentialJson(credential);
  const clientData = readClientData(json.response.clientDataJSON);
  checkClientData(clientData, 'webauthn.create', expected);

  const attestation = decodeCbor(
    decodeBase64Url(json.response.attestationObject, 'attestationObject'),
  );
  if (!(attestation instanceof Map)) {
    throw new WebAuthnVerificationError('malformed', 'attestationObject is not a map');
  }
  const fmt = attestation.get('fmt');
  const authDataBytes = attestation.get('authData');
  const attStmt = attestation.get('attStmt');
  if (typeof fmt !== 'string' || !(authDataBytes instanceof Uint8Array)) {
    throw new WebAuthnVerificationError('malformed', 'attestationObject needs fmt and authData');
  }
  const authData = parseAuthenticatorData(authDataBytes);
  checkAuthenticatorData(authData, expected);
  const attested = authData.attestedCredential;
  if (!attested) {
    throw new WebAuthnVerificationError(
      'malformed',
      'Registration authenticator data has no attested credential',
    );
  }
  if (!json.rawId.equals(attested.credentialId)) {
    throw new WebAuthnVerificationError('malformed', 'The credential id is not the attested one');
  }
  const { algorithm, key } = coseKeyToKeyObject(attested.publicKey);

  const clientDataHash = createHash('sha256').update(clientData.bytes).digest();
  const signedData = Buffer.concat([authDataBytes, clientDataHash]);
  if (fmt === 'none') {
    if (attStmt === undefined || !isEmptyMap(attStmt)) {
      throw new WebAuthnVerificationError('malformed', 'Attestation "none" needs an empty attStmt');
    }
  } else if (fmt === 'packed') {
    checkPackedSelfAttestation(
      attStmt,
      algorithm,
      (d, s) => verifySignature(algorithm, key, d, s),
      signedData,
    );
  } else {
    throw new WebAuthnVerificationError(
      'unsupported',
      `Attestation format "${fmt}" is not supported; use attestation "none"`,
    );
  }

  const transports = json.response.transports;
  return {
    credentialId: json.id,
    publicKey: Buffer.from(attested.publicKeyBytes).toString('base64url'),
    algorithm,
    signCount: authData.signCount,
    aaguid: Buffer.from(attested.aaguid).toString('hex'),
    userVerified: authData.flags.userVerified,
    backupEligible: authData.flags.backupEligible,
    backedUp: authData.flags.backedUp,
    transports: Array.isArray(transports)
      ? transports.filter((t): t is string => typeof t === 'string')
      : [],
    ...(json.authenticatorAttachment !== undefined && {
      authenticatorAttachment: json.authenticatorAttachment,
    }),
    attestationFormat: fmt,
  };
}
