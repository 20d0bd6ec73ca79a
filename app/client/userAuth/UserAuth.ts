import { ConfigError } from '../../../shared/config.ts';
import { AuthError } from '../auth/AuthError.ts';
import { callUserPool, type UserPoolCall, type UserPoolConfig } from './callUserPool.ts';
import { createPasskey, type CredentialsLike } from './passkeyCeremony.ts';
import { listPasskeys, type Passkey } from './listPasskeys.ts';
import { startSignIn, type SignInOptions, type SignInStep } from './signIn.ts';
import type { UserAuthTokens } from './tokens.ts';

/** Test seams and hooks; every one is optional. */
export interface UserAuthOptions {
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Defaults to `navigator.credentials` where there is one. */
  credentials?: CredentialsLike;
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  now?: () => number;
  /** Tokens to start with, e.g. restored from storage. */
  tokens?: UserAuthTokens;
  /** Called with the new tokens after every sign-in and with `undefined` on sign-out. */
  onTokens?: (tokens: UserAuthTokens | undefined) => void;
}

/** `signUp`'s answer: whether the account still needs its code, and where the code went. */
export interface SignUpResult {
  confirmed: boolean;
  /** Masked destination of the code, e.g. `a***@e***`, when Cognito says. */
  codeSentTo?: string;
}

interface CodeDelivery {
  CodeDeliveryDetails?: { Destination?: string };
}

const REQUIRED = ['region', 'userPoolId', 'userPoolClientId'] as const;

/**
 * Cognito choice-based sign-in (USER_AUTH) over the User Pool's JSON API: passwords (plain or SRP),
 * e-mail and SMS codes, passkeys, sign-up and sign-out. Tokens stay in this object (and `onTokens`).
 */
export class UserAuth {
  readonly #call: UserPoolCall;
  readonly #clientId: string;
  readonly #poolName: string;
  readonly #credentials: CredentialsLike | undefined;
  readonly #now: () => number;
  readonly #onTokens: ((tokens: UserAuthTokens | undefined) => void) | undefined;
  #tokens: UserAuthTokens | undefined;

  /** Takes the pool fields of the shared config (a whole `SigningConfigInput` will do). */
  constructor(config: UserPoolConfig, options: UserAuthOptions = {}) {
    for (const field of REQUIRED) {
      if (typeof config?.[field] !== 'string' || !config[field].trim()) {
        throw new ConfigError(field, 'is required (a non-empty string).');
      }
    }
    const poolName = config.userPoolId.trim().split('_')[1];
    if (!poolName) throw new ConfigError('userPoolId', 'must look like "us-east-1_AbCdEf123".');
    this.#call = callUserPool(config, options.fetch);
    this.#clientId = config.userPoolClientId.trim();
    this.#poolName = poolName;
    this.#credentials =
      options.credentials ?? (typeof navigator === 'undefined' ? undefined : navigator.credentials);
    this.#now = options.now ?? Date.now;
    this.#onTokens = options.onTokens;
    this.#tokens = options.tokens;
  }

  /** The signed-in user's tokens, or `undefined` when nobody is signed in. */
  get tokens(): UserAuthTokens | undefined {
    return this.#tokens;
  }

  /** Replaces the tokens, e.g. after a refresh elsewhere; `undefined` forgets them without revoking. */
  setTokens(tokens: UserAuthTokens | undefined): void {
    this.#tokens = tokens;
    this.#onTokens?.(tokens);
  }

  /** Starts signing in; follow the returned steps until one has `kind: 'signed-in'`. */
  signIn(username: string, options?: SignInOptions): Promise<SignInStep> {
    return startSignIn(
      {
        call: this.#call,
        clientId: this.#clientId,
        poolName: this.#poolName,
        credentials: this.#credentials,
        now: this.#now,
        signedIn: (tokens) => this.setTokens(tokens),
      },
      username,
      options,
    );
  }

  /** Creates an account; `attributes` are Cognito attribute names and values, e.g. `{ email }`. */
  async signUp(
    username: string,
    password: string,
    attributes: Record<string, string> = {},
  ): Promise<SignUpResult> {
    const out = await this.#call<CodeDelivery & { UserConfirmed?: boolean }>('SignUp', {
      ClientId: this.#clientId,
      Username: username.trim(),
      Password: password,
      UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
    });
    return { confirmed: out.UserConfirmed === true, ...codeSentTo(out) };
  }

  /** Confirms a new account with the code Cognito sent. */
  async confirmSignUp(username: string, code: string): Promise<void> {
    await this.#call('ConfirmSignUp', {
      ClientId: this.#clientId,
      Username: username.trim(),
      ConfirmationCode: code.trim(),
    });
  }

  /** Sends the sign-up confirmation code again. */
  async resendSignUpCode(username: string): Promise<{ codeSentTo?: string }> {
    const out = await this.#call<CodeDelivery>('ResendConfirmationCode', {
      ClientId: this.#clientId,
      Username: username.trim(),
    });
    return codeSentTo(out);
  }

  /**
   * Forgets the tokens here, then revokes the refresh token (and with it the tokens it issued) at
   * Cognito; if that call fails the page is still signed out and the error says why.
   */
  async signOut(): Promise<void> {
    const tokens = this.#tokens;
    if (!tokens) return;
    this.setTokens(undefined);
    if (tokens.refreshToken) {
      await this.#call('RevokeToken', { ClientId: this.#clientId, Token: tokens.refreshToken });
    }
  }

  /** Registers a passkey on this device for the signed-in user (the browser asks them to confirm). */
  async addPasskey(): Promise<void> {
    const AccessToken = this.#accessToken();
    const { CredentialCreationOptions } = await this.#call<{
      CredentialCreationOptions: PublicKeyCredentialCreationOptionsJSON;
    }>('StartWebAuthnRegistration', { AccessToken });
    const Credential = await createPasskey(this.#credentials, CredentialCreationOptions);
    await this.#call('CompleteWebAuthnRegistration', { AccessToken, Credential });
  }

  /** The signed-in user's passkeys. */
  listPasskeys(): Promise<Passkey[]> {
    return listPasskeys(this.#call, this.#accessToken());
  }

  /** Deletes one of the signed-in user's passkeys by its credential id. */
  async deletePasskey(credentialId: string): Promise<void> {
    await this.#call('DeleteWebAuthnCredential', {
      AccessToken: this.#accessToken(),
      CredentialId: credentialId,
    });
  }

  #accessToken(): string {
    if (!this.#tokens) throw new AuthError('not-signed-in', 'Sign in first.');
    return this.#tokens.accessToken;
  }
}

function codeSentTo(out: CodeDelivery): { codeSentTo?: string } {
  const destination = out.CodeDeliveryDetails?.Destination;
  return destination ? { codeSentTo: destination } : {};
}
