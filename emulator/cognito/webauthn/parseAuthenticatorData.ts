import { decodeCborPrefix, type CborValue } from './decodeCbor.ts';
import { WebAuthnVerificationError } from './WebAuthnVerificationError.ts';

/** Bytes before the optional parts: rpIdHash (32), flags (1), signCount (4); WebAuthn §6.1. */
const FIXED_LENGTH = 37;

/** Flag bits of authenticator data (WebAuthn §6.1). */
export const FLAGS = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40, ED: 0x80 } as const;

/** The credential an authenticator attests to at registration (WebAuthn §6.5.1). */
export interface AttestedCredentialData {
  aaguid: Uint8Array;
  credentialId: Uint8Array;
  /** The COSE_Key as sent, kept to verify later assertions. */
  publicKeyBytes: Uint8Array;
  publicKey: CborValue;
}

/** Authenticator data, parsed. */
export interface AuthenticatorData {
  rpIdHash: Uint8Array;
  flags: {
    userPresent: boolean;
    userVerified: boolean;
    backupEligible: boolean;
    backedUp: boolean;
    attestedCredentialData: boolean;
    extensionData: boolean;
  };
  signCount: number;
  attestedCredential?: AttestedCredentialData;
  extensions?: CborValue;
}

function malformed(message: string): WebAuthnVerificationError {
  return new WebAuthnVerificationError('malformed', `Authenticator data: ${message}`);
}

function readAttestedCredential(bytes: Uint8Array, offset: number) {
  if (bytes.length < offset + 18) throw malformed('attested credential data ends early');
  const aaguid = bytes.slice(offset, offset + 16);
  const idLength = (bytes[offset + 16]! << 8) | bytes[offset + 17]!;
  const idStart = offset + 18;
  if (bytes.length < idStart + idLength) throw malformed('credential id ends early');
  const credentialId = bytes.slice(idStart, idStart + idLength);
  const { value, end } = decodeCborPrefix(bytes, idStart + idLength);
  const publicKeyBytes = bytes.slice(idStart + idLength, end);
  return { credential: { aaguid, credentialId, publicKeyBytes, publicKey: value }, end };
}

/** Parses authenticator data (WebAuthn §6.1): flags, sign count, attested credential and extensions. */
export function parseAuthenticatorData(bytes: Uint8Array): AuthenticatorData {
  if (bytes.length < FIXED_LENGTH) throw malformed(`${bytes.length} bytes, at least 37 needed`);
  const flagByte = bytes[32]!;
  const flags = {
    userPresent: (flagByte & FLAGS.UP) !== 0,
    userVerified: (flagByte & FLAGS.UV) !== 0,
    backupEligible: (flagByte & FLAGS.BE) !== 0,
    backedUp: (flagByte & FLAGS.BS) !== 0,
    attestedCredentialData: (flagByte & FLAGS.AT) !== 0,
    extensionData: (flagByte & FLAGS.ED) !== 0,
  };
  // A credential cannot be backed up unless it is eligible for backup (WebAuthn §6.1.3).
  if (flags.backedUp && !flags.backupEligible) throw malformed('BS is set without BE');
  const data: AuthenticatorData = {
    rpIdHash: bytes.slice(0, 32),
    flags,
    signCount: Buffer.from(bytes.buffer, bytes.byteOffset + 33, 4).readUInt32BE(0),
  };
  let offset = FIXED_LENGTH;
  if (flags.attestedCredentialData) {
    const { credential, end } = readAttestedCredential(bytes, offset);
    data.attestedCredential = credential;
    offset = end;
  }
  if (flags.extensionData) {
    const { value, end } = decodeCborPrefix(bytes, offset);
    data.extensions = value;
    offset = end;
  }
  if (offset !== bytes.length)
    throw malformed(`${bytes.length - offset} unexpected trailing bytes`);
  return data;
}
