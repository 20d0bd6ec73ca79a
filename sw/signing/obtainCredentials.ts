import { IdentityError, type IdentityApi } from './IdentityApi.ts';
import type { Credentials } from './SessionStore.ts';

/** What one exchange of logins for credentials starts from. */
export interface Exchange {
  identity: IdentityApi;
  /** Known from an earlier exchange; GetId finds it otherwise. */
  identityId: string | undefined;
  logins: Record<string, string>;
  /** Fresh logins when Cognito calls the token expired (a user's session); absent for guests. */
  renewLogins?: () => Promise<Record<string, string>>;
  /** Now on AWS's clock, to stamp when the credentials were asked for. */
  serverNow: () => number;
}

/**
 * GetId (if needed) and GetCredentialsForIdentity, with one recovery per cause: a token Cognito
 * calls expired is renewed, an identity it no longer knows is looked up again.
 */
export async function obtainCredentials(
  exchange: Exchange,
): Promise<{ identityId: string; credentials: Credentials }> {
  const { identity } = exchange;
  let { logins } = exchange;
  let identityId = exchange.identityId ?? (await identity.getId(logins));
  const obtainedAt = exchange.serverNow();
  try {
    const issued = await identity.getCredentials(identityId, logins);
    return { identityId, credentials: { ...issued, obtainedAt } };
  } catch (error) {
    if (!(error instanceof IdentityError)) throw error;
    if (error.reason === 'token' && exchange.renewLogins) {
      logins = await exchange.renewLogins();
    } else if (error.reason === 'identity') {
      identityId = await identity.getId(logins);
    } else {
      throw error;
    }
    const issued = await identity.getCredentials(identityId, logins);
    return { identityId, credentials: { ...issued, obtainedAt } };
  }
}
