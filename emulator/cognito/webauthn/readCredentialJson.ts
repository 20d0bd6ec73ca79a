import { decodeBase64Url } from './decodeBase64Url.ts';
import { WebAuthnVerificationError } from './WebAuthnVerificationError.ts';

/** The fields shared by RegistrationResponseJSON and AuthenticationResponseJSON (WebAuthn §5.1). */
export interface CredentialJson {
  /** base64url credential id. */
  id: string;
  rawId: Buffer;
  response: Record<string, unknown>;
  authenticatorAttachment?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads a PublicKeyCredential's JSON form (an object, or the same as a JSON string), checking id and type. */
export function readCredentialJson(input: unknown): CredentialJson {
  let credential = input;
  if (typeof input === 'string') {
    try {
      credential = JSON.parse(input);
    } catch (error) {
      throw new WebAuthnVerificationError('malformed', 'The credential is not JSON', {
        cause: error,
      });
    }
  }
  if (!isObject(credential) || !isObject(credential.response)) {
    throw new WebAuthnVerificationError('malformed', 'The credential needs a response object');
  }
  if (credential.type !== 'public-key') {
    throw new WebAuthnVerificationError('malformed', 'The credential type must be "public-key"');
  }
  const rawId = decodeBase64Url(credential.rawId ?? credential.id, 'rawId');
  if (typeof credential.id !== 'string' || !rawId.equals(decodeBase64Url(credential.id, 'id'))) {
    throw new WebAuthnVerificationError('malformed', 'The credential id and rawId differ');
  }
  const attachment = credential.authenticatorAttachment;
  return {
    id: rawId.toString('base64url'),
    rawId,
    response: credential.response,
    ...(typeof attachment === 'string' && { authenticatorAttachment: attachment }),
  };
}
