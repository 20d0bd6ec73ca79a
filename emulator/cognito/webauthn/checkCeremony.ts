import { createHash, timingSafeEqual } from 'node:crypto';
import type { ClientData } from './readClientData.ts';
import type { AuthenticatorData } from './parseAuthenticatorData.ts';
import { WebAuthnVerificationError } from './WebAuthnVerificationError.ts';

/** What the relying party expects of one registration or assertion ceremony. */
export interface CeremonyExpectation {
  /** base64url challenge issued for this ceremony. */
  challenge: string;
  rpId: string;
  isOriginAllowed(origin: string): boolean;
  /** Whether the UV flag must be set (userVerification `required`). */
  requireUserVerification: boolean;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Checks the client data of a ceremony: its type, challenge and origin (WebAuthn §7.1 steps 7-9, §7.2 steps 11-13). */
export function checkClientData(
  clientData: ClientData,
  type: 'webauthn.create' | 'webauthn.get',
  expected: CeremonyExpectation,
): void {
  if (clientData.type !== type) {
    throw new WebAuthnVerificationError(
      'type',
      `clientDataJSON type is "${clientData.type}", expected "${type}"`,
    );
  }
  if (!sameBytes(Buffer.from(clientData.challenge), Buffer.from(expected.challenge))) {
    throw new WebAuthnVerificationError('challenge', 'The challenge is not the one issued');
  }
  if (!expected.isOriginAllowed(clientData.origin)) {
    throw new WebAuthnVerificationError(
      'origin',
      `Origin ${clientData.origin} is not allowed for relying party ${expected.rpId}`,
    );
  }
  // A cross-origin iframe ceremony is refused: nothing here configures one as allowed.
  if (clientData.crossOrigin) {
    throw new WebAuthnVerificationError('origin', 'Cross-origin ceremonies are not allowed');
  }
}

/** Checks authenticator data of a ceremony: RP ID hash, user presence and verification (WebAuthn §7.1 steps 13-16). */
export function checkAuthenticatorData(
  authData: AuthenticatorData,
  expected: CeremonyExpectation,
): void {
  const rpIdHash = createHash('sha256').update(expected.rpId).digest();
  if (!sameBytes(authData.rpIdHash, rpIdHash)) {
    throw new WebAuthnVerificationError(
      'rp-id',
      `The credential is not scoped to relying party ${expected.rpId}`,
    );
  }
  if (!authData.flags.userPresent) {
    throw new WebAuthnVerificationError(
      'user-presence',
      'The authenticator did not test user presence',
    );
  }
  if (expected.requireUserVerification && !authData.flags.userVerified) {
    throw new WebAuthnVerificationError(
      'user-verification',
      'The relying party requires user verification and the authenticator did not verify the user',
    );
  }
}
