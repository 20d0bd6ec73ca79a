import type { UserPoolCall } from './callUserPool.ts';

/** One registered passkey, as ListWebAuthnCredentials describes it. */
export interface Passkey {
  credentialId: string;
  /** The name the authenticator or Cognito gave it, e.g. "iCloud Keychain". */
  name?: string;
  relyingPartyId?: string;
  /** `platform` (built into the device) or `cross-platform` (a security key, a phone). */
  attachment?: string;
  transports?: string[];
  createdAt?: Date;
}

interface CredentialDescription {
  CredentialId: string;
  FriendlyCredentialName?: string;
  RelyingPartyId?: string;
  AuthenticatorAttachment?: string;
  AuthenticatorTransports?: string[];
  /** AWS JSON timestamps are seconds since the epoch. */
  CreatedAt?: number;
}

/** Lists every passkey of the user the access token belongs to, following NextToken pages. */
export async function listPasskeys(call: UserPoolCall, accessToken: string): Promise<Passkey[]> {
  const passkeys: Passkey[] = [];
  let next: string | undefined;
  do {
    const page = await call<{ Credentials?: CredentialDescription[]; NextToken?: string }>(
      'ListWebAuthnCredentials',
      { AccessToken: accessToken, ...(next && { NextToken: next }) },
    );
    for (const c of page.Credentials ?? []) passkeys.push(passkeyFrom(c));
    next = page.NextToken;
  } while (next);
  return passkeys;
}

function passkeyFrom(c: CredentialDescription): Passkey {
  return {
    credentialId: c.CredentialId,
    ...(c.FriendlyCredentialName && { name: c.FriendlyCredentialName }),
    ...(c.RelyingPartyId && { relyingPartyId: c.RelyingPartyId }),
    ...(c.AuthenticatorAttachment && { attachment: c.AuthenticatorAttachment }),
    ...(c.AuthenticatorTransports && { transports: c.AuthenticatorTransports }),
    ...(typeof c.CreatedAt === 'number' && { createdAt: new Date(c.CreatedAt * 1000) }),
  };
}
