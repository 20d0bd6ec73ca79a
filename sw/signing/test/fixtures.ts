import type { SigningConfig } from '../../../shared/config.ts';
import { parseApiUrl } from '../../../shared/config.ts';
import type { AwsCredentials, IdentityApi } from '../IdentityApi.ts';

export const CONFIG: SigningConfig = {
  region: 'us-east-1',
  userPoolId: 'us-east-1_Test',
  userPoolClientId: 'client123',
  identityPoolId: 'us-east-1:pool',
  apis: [parseApiUrl('https://api.example.com/dev', 'us-east-1')],
  authFlow: 'USER_SRP_AUTH',
  guestAccess: false,
};

const ISSUER = `https://cognito-idp.${CONFIG.region}.amazonaws.com/${CONFIG.userPoolId}`;

/** An unsigned JWT with Cognito ID token claims; the worker never verifies signatures (Cognito does). */
export function idToken(claims: Record<string, unknown> = {}, nowMs = Date.now()): string {
  const iat = Math.floor(nowMs / 1000);
  const payload = {
    sub: 'user-a',
    iss: ISSUER,
    aud: CONFIG.userPoolClientId,
    token_use: 'id',
    'cognito:username': 'alice',
    iat,
    // Longer than the credentials, so tests choose which of the two expires.
    exp: iat + 4 * 3600,
    ...claims,
  };
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'k' })}.${part(payload)}.c2ln`;
}

/** A controllable Identity Pool: counts calls, issues credentials of a set lifetime, can fail. */
export class FakeIdentity implements IdentityApi {
  getIdCalls = 0;
  getCredentialsCalls = 0;
  lifetimeMs = 3600_000;
  /** Throws this from the next calls, if set. */
  failWith: Error | undefined;
  /** Holds every call until `release()`. */
  #gate: Promise<void> | undefined;
  #open: (() => void) | undefined;
  readonly logins: Record<string, string>[] = [];

  constructor(private readonly now: () => number) {}

  hold(): void {
    this.#gate = new Promise((resolve) => (this.#open = resolve));
  }

  release(): void {
    this.#open?.();
    this.#gate = undefined;
  }

  async getId(logins: Record<string, string>): Promise<string> {
    this.getIdCalls++;
    await this.#gate;
    if (this.failWith) throw this.failWith;
    const token = Object.values(logins)[0];
    if (!token) return 'us-east-1:guest';
    const sub = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub;
    return `us-east-1:${sub}`;
  }

  async getCredentials(
    identityId: string,
    logins: Record<string, string>,
  ): Promise<AwsCredentials> {
    this.getCredentialsCalls++;
    this.logins.push(logins);
    await this.#gate;
    if (this.failWith) throw this.failWith;
    const n = this.getCredentialsCalls;
    return {
      accessKeyId: `ASIA${identityId.slice(-6).toUpperCase()}${n}`,
      secretAccessKey: `secret-${n}`,
      sessionToken: `token-${n}`,
      expiration: this.now() + this.lifetimeMs,
    };
  }
}

/** A clock the test moves by hand. */
export class Clock {
  constructor(public time = Date.UTC(2026, 10, 26, 12)) {}
  now = () => this.time;
  advance(ms: number) {
    this.time += ms;
  }
}
