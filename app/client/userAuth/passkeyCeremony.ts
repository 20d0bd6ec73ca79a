import { AuthError } from '../auth/AuthError.ts';
import {
  assertionToJson,
  attestationToJson,
  creationOptionsFromJson,
  requestOptionsFromJson,
  type AssertionLike,
  type AttestationLike,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from './webAuthnJson.ts';

/** The part of `navigator.credentials` the passkey ceremonies use. */
export type CredentialsLike = Pick<CredentialsContainer, 'get' | 'create'>;

/** What the browser's DOMException names mean for the person in front of it. */
function ceremonyError(cause: unknown): AuthError {
  const name = (cause as { name?: unknown } | null)?.name;
  if (name === 'NotAllowedError' || name === 'AbortError') {
    // WebAuthn reports "dismissed" and "no matching passkey" alike, so a page cannot tell them apart.
    return new AuthError(
      'passkey-cancelled',
      'No passkey was used; try again or sign in another way.',
      {
        cause,
      },
    );
  }
  if (name === 'InvalidStateError') {
    return new AuthError('passkey-exists', 'This device already has a passkey for this account.', {
      cause,
    });
  }
  return new AuthError(
    'passkey-unavailable',
    "Passkeys can't be used in this browser or on this site.",
    {
      cause,
    },
  );
}

function container(credentials: CredentialsLike | undefined): CredentialsLike {
  if (!credentials) throw ceremonyError(new Error('navigator.credentials is not available.'));
  return credentials;
}

/** Runs `navigator.credentials.get` for Cognito's request options and answers AuthenticationResponseJSON. */
export async function getPasskeyAssertion(
  credentials: CredentialsLike | undefined,
  optionsJson: PublicKeyCredentialRequestOptionsJSON,
): Promise<AuthenticationResponseJSON> {
  let credential: Credential | null;
  try {
    credential = await container(credentials).get({
      publicKey: requestOptionsFromJson(optionsJson),
    });
  } catch (cause) {
    throw cause instanceof AuthError ? cause : ceremonyError(cause);
  }
  if (!credential) throw ceremonyError({ name: 'NotAllowedError' });
  return assertionToJson(credential as unknown as AssertionLike);
}

/** Runs `navigator.credentials.create` for Cognito's creation options and answers RegistrationResponseJSON. */
export async function createPasskey(
  credentials: CredentialsLike | undefined,
  optionsJson: PublicKeyCredentialCreationOptionsJSON,
): Promise<RegistrationResponseJSON> {
  let credential: Credential | null;
  try {
    credential = await container(credentials).create({
      publicKey: creationOptionsFromJson(optionsJson),
    });
  } catch (cause) {
    throw cause instanceof AuthError ? cause : ceremonyError(cause);
  }
  if (!credential) throw ceremonyError({ name: 'NotAllowedError' });
  return attestationToJson(credential as unknown as AttestationLike);
}
