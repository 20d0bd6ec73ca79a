import { randomUUID } from 'node:crypto';

/** Cognito's authorization codes are single-use and valid for five minutes (authorize endpoint docs). */
export const CODE_TTL_MS = 5 * 60 * 1000;

/** What an authorization code stands for until the token endpoint redeems it. */
export interface CodeGrant {
  username: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  nonce?: string;
  /** The S256 `code_challenge`; absent when the request used no PKCE. */
  codeChallenge?: string;
}

/** The authorization codes managed login has issued and not yet seen redeemed. */
export class AuthorizationCodes {
  private readonly codes = new Map<string, { grant: CodeGrant; expiresAt: number }>();

  constructor(private readonly now: () => number) {}

  /** Issues a new code for `grant`. */
  issue(grant: CodeGrant): string {
    const now = this.now();
    for (const [code, old] of this.codes) if (old.expiresAt <= now) this.codes.delete(code);
    // A UUID, the shape of Cognito's codes.
    const code = randomUUID();
    this.codes.set(code, { grant, expiresAt: now + CODE_TTL_MS });
    return code;
  }

  /** Takes a code once, whatever happens next: a failed redemption uses it up, as on Cognito. */
  take(code: string): CodeGrant | undefined {
    const issued = this.codes.get(code);
    this.codes.delete(code);
    return issued && issued.expiresAt > this.now() ? issued.grant : undefined;
  }
}
