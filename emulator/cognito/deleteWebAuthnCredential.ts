import { CognitoServiceError } from './CognitoServiceError.ts';
import { requireString, type Input } from './readInput.ts';
import type { UserPool } from './UserPool.ts';

/** DeleteWebAuthnCredential: removes one of the access token's user's passkeys. */
export function deleteWebAuthnCredential(pool: UserPool, input: Input): Record<string, never> {
  const accessToken = requireString(input, 'AccessToken', 'InvalidParameterException');
  const credentialId = requireString(input, 'CredentialId', 'InvalidParameterException');
  const { user } = pool.authenticate(accessToken);
  const passkeys = user.passkeys ?? [];
  const remaining = passkeys.filter((p) => p.credentialId !== credentialId);
  if (remaining.length === passkeys.length) {
    // Text not verified against Cognito; the type is the one the API reference lists.
    throw new CognitoServiceError('ResourceNotFoundException', 'Credential not found.');
  }
  pool.store.put({ ...user, passkeys: remaining });
  return {};
}
