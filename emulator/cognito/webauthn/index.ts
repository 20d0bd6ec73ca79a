export {
  checkAuthenticatorData,
  checkClientData,
  type CeremonyExpectation,
} from './checkCeremony.ts';
export { COSE_ALGORITHMS, coseKeyToKeyObject, type CoseAlgorithm } from './coseKeyToKeyObject.ts';
export { decodeBase64Url } from './decodeBase64Url.ts';
export { decodeCbor, decodeCborPrefix, type CborKey, type CborValue } from './decodeCbor.ts';
export { isAllowedWebAuthnOrigin } from './isAllowedWebAuthnOrigin.ts';
export { FLAGS, parseAuthenticatorData, type AuthenticatorData } from './parseAuthenticatorData.ts';
export { readClientData, type ClientData } from './readClientData.ts';
export { readCredentialJson, type CredentialJson } from './readCredentialJson.ts';
export {
  verifyAssertion,
  type StoredCredentialKey,
  type VerifiedAssertion,
} from './verifyAssertion.ts';
export { verifyRegistration, type VerifiedRegistration } from './verifyRegistration.ts';
export { verifySignature } from './verifySignature.ts';
export { WebAuthnVerificationError, type WebAuthnFailure } from './WebAuthnVerificationError.ts';
