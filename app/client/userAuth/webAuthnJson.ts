import { fromBase64url, toBase64url } from '../../../shared/base64url.ts';

/*
 * WebAuthn's JSON forms (WebAuthn Level 3, §5.1.8-5.1.10 and "toJSON"), converted by hand: Cognito
 * speaks them, and `PublicKeyCredential.parseRequestOptionsFromJSON` / `toJSON()` are missing from
 * older engines (Safari before 18.4, Firefox before 119), so nothing here relies on them.
 */

/** AuthenticationResponseJSON (WebAuthn L3): what Cognito's WEB_AUTHN challenge takes as CREDENTIAL. */
export interface AuthenticationResponseJSON {
  id: string;
  rawId: string;
  type: string;
  response: {
    clientDataJSON: string;
    authenticatorData: string;
    signature: string;
    userHandle?: string;
  };
  authenticatorAttachment?: string;
  clientExtensionResults: AuthenticationExtensionsClientOutputs;
}

/** RegistrationResponseJSON (WebAuthn L3): what CompleteWebAuthnRegistration takes as Credential. */
export interface RegistrationResponseJSON {
  id: string;
  rawId: string;
  type: string;
  response: {
    clientDataJSON: string;
    attestationObject: string;
    authenticatorData?: string;
    transports?: string[];
    publicKeyAlgorithm?: number;
    publicKey?: string;
  };
  authenticatorAttachment?: string;
  clientExtensionResults: AuthenticationExtensionsClientOutputs;
}

/** The parts of a `PublicKeyCredential` the JSON forms read (so tests can pass plain objects). */
interface CredentialLike<R> {
  id: string;
  rawId: ArrayBuffer;
  type: string;
  authenticatorAttachment?: string | null;
  response: R;
  getClientExtensionResults(): AuthenticationExtensionsClientOutputs;
}

/** An assertion, as `navigator.credentials.get` resolves it. */
export type AssertionLike = CredentialLike<{
  clientDataJSON: ArrayBuffer;
  authenticatorData: ArrayBuffer;
  signature: ArrayBuffer;
  userHandle: ArrayBuffer | null;
}>;

/** An attestation, as `navigator.credentials.create` resolves it; the getters are newer and optional. */
export type AttestationLike = CredentialLike<{
  clientDataJSON: ArrayBuffer;
  attestationObject: ArrayBuffer;
  getTransports?(): string[];
  getAuthenticatorData?(): ArrayBuffer;
  getPublicKeyAlgorithm?(): number;
  getPublicKey?(): ArrayBuffer | null;
}>;

function descriptors(list: PublicKeyCredentialDescriptorJSON[]): PublicKeyCredentialDescriptor[] {
  return list.map(({ id, type, transports }) => ({
    id: fromBase64url(id),
    type: type as PublicKeyCredentialType,
    ...(transports && { transports: transports as AuthenticatorTransport[] }),
  }));
}

/** Turns Cognito's CREDENTIAL_REQUEST_OPTIONS JSON into options for `navigator.credentials.get`. */
export function requestOptionsFromJson(
  json: PublicKeyCredentialRequestOptionsJSON,
): PublicKeyCredentialRequestOptions {
  const { challenge, allowCredentials, ...rest } = json;
  return {
    ...(rest as Omit<PublicKeyCredentialRequestOptions, 'challenge'>),
    challenge: fromBase64url(challenge),
    ...(allowCredentials && { allowCredentials: descriptors(allowCredentials) }),
  };
}

/** Turns StartWebAuthnRegistration's CredentialCreationOptions into options for `navigator.credentials.create`. */
export function creationOptionsFromJson(
  json: PublicKeyCredentialCreationOptionsJSON,
): PublicKeyCredentialCreationOptions {
  const { challenge, user, excludeCredentials, ...rest } = json;
  return {
    ...(rest as Omit<PublicKeyCredentialCreationOptions, 'challenge' | 'user'>),
    challenge: fromBase64url(challenge),
    user: { ...user, id: fromBase64url(user.id) },
    ...(excludeCredentials && { excludeCredentials: descriptors(excludeCredentials) }),
  };
}

/** Serialises an assertion as AuthenticationResponseJSON. */
export function assertionToJson(credential: AssertionLike): AuthenticationResponseJSON {
  const r = credential.response;
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    response: {
      clientDataJSON: toBase64url(r.clientDataJSON),
      authenticatorData: toBase64url(r.authenticatorData),
      signature: toBase64url(r.signature),
      ...(r.userHandle && { userHandle: toBase64url(r.userHandle) }),
    },
    ...(credential.authenticatorAttachment && {
      authenticatorAttachment: credential.authenticatorAttachment,
    }),
    clientExtensionResults: credential.getClientExtensionResults(),
  };
}

/** Serialises an attestation as RegistrationResponseJSON, with the optional getters' values where the engine has them. */
export function attestationToJson(credential: AttestationLike): RegistrationResponseJSON {
  const r = credential.response;
  const publicKey = r.getPublicKey?.();
  const authenticatorData = r.getAuthenticatorData?.();
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    response: {
      clientDataJSON: toBase64url(r.clientDataJSON),
      attestationObject: toBase64url(r.attestationObject),
      ...(authenticatorData && { authenticatorData: toBase64url(authenticatorData) }),
      ...(r.getTransports && { transports: r.getTransports() }),
      ...(r.getPublicKeyAlgorithm && { publicKeyAlgorithm: r.getPublicKeyAlgorithm() }),
      ...(publicKey && { publicKey: toBase64url(publicKey) }),
    },
    ...(credential.authenticatorAttachment && {
      authenticatorAttachment: credential.authenticatorAttachment,
    }),
    clientExtensionResults: credential.getClientExtensionResults(),
  };
}
