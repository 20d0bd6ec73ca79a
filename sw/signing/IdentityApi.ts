import { SigningError } from '../../shared/errors.ts';

/** The two Identity Pool calls the worker makes; injectable so tests can count or fake them. */
export interface IdentityApi {
  /** Returns the identity id for the logins (a guest identity when `logins` is empty). */
  getId(logins: Record<string, string>): Promise<string>;
  /** Returns fresh temporary credentials for an identity. */
  getCredentials(identityId: string, logins: Record<string, string>): Promise<AwsCredentials>;
  /** Calls `listener` with AWS's time from every answer Cognito gives (its `Date` header). */
  observeServerTime?(listener: (serverTimeMs: number) => void): void;
}

/** Temporary AWS credentials as the Identity Pool issues them; `expiration` in epoch milliseconds. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: number;
}

/** A Cognito Identity error, classified so the caller knows whether to refresh, re-identify or back off. */
export class IdentityError extends SigningError {
  override name = 'IdentityError' as const;
  /** `token`: Cognito refused the login (NotAuthorized); `identity`: the identity is unknown; `unavailable`: try later. */
  readonly reason: 'token' | 'identity' | 'unavailable' | 'rejected';

  constructor(reason: IdentityError['reason'], message: string, options?: ErrorOptions) {
    super(reason === 'unavailable' ? 'cognito-unavailable' : 'cognito-rejected', message, options);
    this.reason = reason;
  }
}

/** The `Logins` key for tokens of a User Pool. */
export function loginsKey(region: string, userPoolId: string): string {
  return `cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}
