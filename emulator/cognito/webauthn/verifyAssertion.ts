import { createHash } from 'node:crypto';
import {
  checkAuthenticatorData,
  checkClientData,
  type CeremonyExpectation,
} from './checkCeremony.ts';
import { coseKeyToKeyObject } from './coseKeyToKeyObject.ts';
import { decodeBase64Url } from './decodeBase64Url.ts';
import { decodeCbor } from './decodeCbor.ts';
import { parseAuthenticatorData } from './parseAuthenticatorData.ts';
import { readClientData } from './readClientData.ts';
import type { CredentialJson } from './readCredentialJson.ts';
import { verifySignature } from './verifySignature.ts';
import { WebAuthnVerificationError } from './WebAuthnVerificationError.ts';

/** A registered credential as an assertion is checked against it. */
export interface StoredCredentialKey {
  /** The COSE_Key bytes, base64url, as registered. */
  publicKey: string;
  /** The last sign count seen. */
  signCount: number;
}

/** What a verified assertion tells the relying party. */
export interface VerifiedAssertion {
  signCount: number;
  userVerified: boolean;
  backedUp: boolean;
  /** base64url user handle, when the authenticator returned one. */
  userHandle?: string;
}

/**
 * Verifies an AuthenticationResponseJSON (WebAuthn §7.2) against the credential it names, already read
 * with `readCredentialJson`: client data, authenticator data, the signature over
 * authenticatorData || SHA-256(clientDataJSON), and a sign count that grows unless both are 0.
 */
export function verifyAssertion(
  json: CredentialJson,
  stored: StoredCredentialKey,
  expected: CeremonyExpectation,
): VerifiedAssertion {
  const clientData = readClientData(json.response.clientDataJSON);
  checkClientData(clientData, 'webauthn.get', expected);
  const authDataBytes = decodeBase64Url(json.response.authenticatorData, 'authenticatorData');
  const authData = parseAuthenticatorData(authDataBytes);
  checkAuthenticatorData(authData, expected);

  const { algorithm, key } = coseKeyToKeyObject(
    decodeCbor(Buffer.from(stored.publicKey, 'base64url')),
  );
  const signature = decodeBase64Url(json.response.signature, 'signature');
  const clientDataHash = createHash('sha256').update(clientData.bytes).digest();
  if (!verifySignature(algorithm, key, Buffer.concat([authDataBytes, clientDataHash]), signature)) {
    throw new WebAuthnVerificationError('signature', 'The assertion signature does not verify');
  }
  // WebAuthn §7.2 step 22: a count that does not grow may mean a cloned authenticator.
  if (
    (authData.signCount !== 0 || stored.signCount !== 0) &&
    authData.signCount <= stored.signCount
  ) {
    throw new WebAuthnVerificationError(
      'sign-count',
      `Sign count ${authData.signCount} is not above the last seen ${stored.signCount}`,
    );
  }
  const userHandle = json.response.userHandle;
  return {
    signCount: authData.signCount,
    userVerified: authData.flags.userVerified,
    backedUp: authData.flags.backedUp,
    ...(typeof userHandle === 'string' &&
      userHandle !== '' && {
        userHandle: decodeBase64Url(userHandle, 'userHandle').toString('base64url'),
      }),
  };
}
