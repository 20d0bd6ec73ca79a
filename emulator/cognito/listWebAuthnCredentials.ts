import { CognitoServiceError } from './CognitoServiceError.ts';
import { constraintError, requireString, type Input } from './readInput.ts';
import type { UserPool } from './UserPool.ts';

/** MaxResults bounds of the API (1 to 20, Cognito's page size when none is given). */
const MAX_RESULTS = 20;

function readMaxResults(input: Input): number {
  const value = input.MaxResults;
  if (value === undefined || value === null) return MAX_RESULTS;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new CognitoServiceError('SerializationException', "Expected an integer at 'MaxResults'");
  }
  if (value < 1 || value > MAX_RESULTS) {
    throw constraintError(
      'InvalidParameterException',
      'MaxResults',
      String(value),
      `Member must have value ${value < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_RESULTS}`}`,
    );
  }
  return value;
}

/** ListWebAuthnCredentials: the access token's user's passkeys, oldest first, a page at a time. */
export function listWebAuthnCredentials(pool: UserPool, input: Input) {
  const accessToken = requireString(input, 'AccessToken', 'InvalidParameterException');
  const maxResults = readMaxResults(input);
  const nextToken = input.NextToken;
  const { user } = pool.authenticate(accessToken);
  const passkeys = user.passkeys ?? [];
  // The token is the offset, base64url; anything else is refused as a token this user was not given.
  let start = 0;
  if (nextToken !== undefined && nextToken !== null) {
    start =
      typeof nextToken === 'string' ? Number(Buffer.from(nextToken, 'base64url').toString()) : NaN;
    if (!Number.isInteger(start) || start < 0 || start > passkeys.length) {
      throw new CognitoServiceError('InvalidParameterException', 'Invalid NextToken.');
    }
  }
  const page = passkeys.slice(start, start + maxResults);
  const end = start + page.length;
  return {
    Credentials: page.map((p) => ({
      CredentialId: p.credentialId,
      FriendlyCredentialName: p.friendlyName,
      RelyingPartyId: p.relyingPartyId,
      ...(p.authenticatorAttachment !== undefined && {
        AuthenticatorAttachment: p.authenticatorAttachment,
      }),
      AuthenticatorTransports: p.transports,
      // AWS JSON timestamps are epoch seconds.
      CreatedAt: p.createdAt / 1000,
    })),
    ...(end < passkeys.length && { NextToken: Buffer.from(String(end)).toString('base64url') }),
  };
}
