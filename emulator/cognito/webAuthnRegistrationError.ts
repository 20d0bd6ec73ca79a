import { CognitoServiceError } from './CognitoServiceError.ts';
import type { WebAuthnVerificationError } from './webauthn/index.ts';

// Cognito's message texts for these types are not published and could not be verified; the types
// follow the API reference's descriptions of when each is thrown, and the texts say what failed.
const TYPES = {
  malformed: 'InvalidParameterException',
  type: 'InvalidParameterException',
  signature: 'InvalidParameterException',
  'sign-count': 'InvalidParameterException',
  challenge: 'WebAuthnChallengeNotFoundException',
  origin: 'WebAuthnOriginNotAllowedException',
  'rp-id': 'WebAuthnRelyingPartyMismatchException',
  'user-presence': 'WebAuthnCredentialNotSupportedException',
  'user-verification': 'WebAuthnCredentialNotSupportedException',
  unsupported: 'WebAuthnCredentialNotSupportedException',
} as const;

/** The Cognito error CompleteWebAuthnRegistration answers a failed registration check with. */
export function webAuthnRegistrationError(error: WebAuthnVerificationError): CognitoServiceError {
  return new CognitoServiceError(TYPES[error.code], error.message, 400, { cause: error });
}
