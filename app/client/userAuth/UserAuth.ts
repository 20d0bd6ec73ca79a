import { ConfigError } from '../../../shared/config.ts';
import { AuthError } from '../auth/AuthError.ts';
import type { AuthSession, SignUpResult } from '../auth/CognitoAuth.ts';
import { callUserPool, type UserPoolCall, type UserPoolConfig } from './callUserPool.ts';
import { createPasskey, type CredentialsLike } from './passkeyCeremony.ts';
import { listPasskeys, type Passkey } from './listPasskeys.ts';
import type { RefreshOptions } from './refreshTokens.ts';
import { SessionKeeper } from './SessionKeeper.ts';
import type { SessionLocks } from './SessionLocks.ts';
import type { SessionTokens } from './SessionSnapshot.ts';
import { startSignIn, type SignInOptions, type SignInStep } from './signIn.ts';
import { createTokenStorage, type TokenStorage, type TokenStorageKind } from './tokenStorage.ts';
import { sessionOf, type UserAuthTokens } from './tokens.ts';

/** Test seams, storage and hooks; every one is optional. */
export interface UserAuthOptions {
  /** Defaults to the global `fetch`. */
  fetch?: RefreshOptions['fetch'];
  /** Defaults to `navigator.credentials` where there is one. */
  credentials?: CredentialsLike;
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  now?: () => number;
  /** Where the tokens live: a kind for `createTokenStorage`, or a storage; `DEFAULT_TOKEN_STORAGE` when absent. */
  storage?: TokenStorageKind | TokenStorage;
  /** The Web Locks that keep one refresh in flight across tabs; `navigator.locks` when absent. */
  locks?: SessionLocks;
  /**
   * Names the session's refresh lock, tab channel and storage key (`SessionKeeper`'s default when
   * absent): pages of an origin that pass the same name share one session.
   */
  name?: string;
  /**
   * Called with the tokens after every sign-in and refresh, and with `undefined` on sign-out, in
   * this tab or another one.
   */
  onTokens?: (tokens: UserAuthTokens | undefined) => void;
}

interface CodeDelivery {
  CodeDeliveryDetails?: { Destination?: string };
}

/** The settings every call needs, checked at construction so a missing one fails before any sign-in. */
const REQUIRED = ['region', 'userPoolId', 'userPoolClientId'] as const;

/**
 * Cognito choice-based sign-in (USER_AUTH) over the User Pool's JSON API: passwords (plain or SRP),
 * e-mail codes, passkeys, sign-up, refresh and sign-out, with the tokens kept by a `SessionKeeper`
 * (one refresh at a time across the origin's tabs).
 */
export class UserAuth {
  readonly #config: UserPoolConfig;
  readonly #call: UserPoolCall;
  readonly #poolName: string;
  readonly #credentials: CredentialsLike | undefined;
  readonly #now: () => number;
  readonly #keeper: SessionKeeper;

  /** Takes the pool fields of the shared config (a whole `SigningConfigInput` will do). */
  constructor(config: UserPoolConfig, options: UserAuthOptions = {}) {
    for (const field of REQUIRED) {
      if (typeof config?.[field] !== 'string' || !config[field].trim()) {
        throw new ConfigError(field, 'is required (a non-empty string).');
      }
    }
    const poolName = config.userPoolId.trim().split('_')[1];
    if (!poolName) throw new ConfigError('userPoolId', 'must look like "us-east-1_AbCdEf123".');
    this.#config = {
      region: config.region.trim(),
      userPoolId: config.userPoolId.trim(),
      userPoolClientId: config.userPoolClientId.trim(),
      ...(config.cognitoIdpEndpoint && { cognitoIdpEndpoint: config.cognitoIdpEndpoint }),
    };
    this.#call = callUserPool(this.#config, options.fetch);
    this.#poolName = poolName;
    this.#credentials =
      options.credentials ?? (typeof navigator === 'undefined' ? undefined : navigator.credentials);
    this.#now = options.now ?? Date.now;
    const { storage, name, onTokens } = options;
    this.#keeper = new SessionKeeper({
      config: this.#config,
      ...(name !== undefined && { name }),
      storage:
        typeof storage === 'object' && storage !== null
          ? storage
          : createTokenStorage(storage, name === undefined ? {} : { key: name }),
      ...(options.locks && { locks: options.locks }),
      now: this.#now,
      refresh: options.fetch ? { fetch: options.fetch } : {},
    });
    if (onTokens) {
      // The keeper may tell one change twice (a sign-out here: at once, and when it is written).
      let told: string | undefined | null = null;
      this.#keeper.subscribe((tokens) => {
        if (tokens?.idToken === told) return;
        told = tokens?.idToken;
        onTokens(this.#withExpiry(tokens));
      });
    }
  }

  /** The tokens as this page last heard of them; `currentSession` reads the storage first. */
  get tokens(): UserAuthTokens | undefined {
    return this.#withExpiry(this.#keeper.current());
  }

  /** Starts signing in; follow the returned steps until one has `kind: 'signed-in'`. */
  signIn(username: string, options?: SignInOptions): Promise<SignInStep> {
    return startSignIn(
      {
        call: this.#call,
        clientId: this.#config.userPoolClientId,
        poolName: this.#poolName,
        credentials: this.#credentials,
        now: this.#now,
        signedIn: async (tokens, sentAt) => {
          await this.#keeper.signIn(tokens, sentAt);
          return { ...tokens, expiresAt: this.#keeper.expiresAt() ?? 0 };
        },
      },
      username,
      options,
    );
  }

  /**
   * The signed-in user and a valid ID token (refreshed first when it is about to lapse), or undefined
   * once nobody is signed in: the answer to the worker's `token-needed`.
   */
  async currentSession(): Promise<AuthSession | undefined> {
    const idToken = await signedInOr(this.#keeper.freshIdToken());
    return idToken === undefined ? undefined : sessionOf(idToken);
  }

  /**
   * Spends the refresh token for new tokens now (new claims, say), one refresh at a time across
   * tabs: tokens another tab got meanwhile count as new. Resolves undefined (and every tab forgets
   * the tokens) when Cognito says the session has ended, or nobody is signed in.
   */
  async refresh(): Promise<UserAuthTokens | undefined> {
    const idToken = await signedInOr(this.#keeper.freshIdToken({ force: true }));
    return idToken === undefined ? undefined : this.tokens;
  }

  /** Creates an account; `attributes` are Cognito attribute names and values, e.g. `{ email }`. */
  async signUp(
    username: string,
    password: string,
    attributes: Record<string, string> = {},
  ): Promise<SignUpResult> {
    const out = await this.#call<CodeDelivery & { UserConfirmed?: boolean }>('SignUp', {
      ClientId: this.#config.userPoolClientId,
      Username: username.trim(),
      Password: password,
      UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
    });
    return { confirmed: out.UserConfirmed === true, ...codeSentTo(out) };
  }

  /** Confirms a new account with the code Cognito sent. */
  async confirmSignUp(username: string, code: string): Promise<void> {
    await this.#call('ConfirmSignUp', {
      ClientId: this.#config.userPoolClientId,
      Username: username.trim(),
      ConfirmationCode: code.trim(),
    });
  }

  /** Sends the sign-up confirmation code again. */
  async resendSignUpCode(username: string): Promise<{ codeSentTo?: string }> {
    const out = await this.#call<CodeDelivery>('ResendConfirmationCode', {
      ClientId: this.#config.userPoolClientId,
      Username: username.trim(),
    });
    return codeSentTo(out);
  }

  /**
   * Forgets the tokens here and in storage, then revokes the refresh token (and the access tokens it
   * issued) at Cognito; if that call fails the page is still signed out and the error says why.
   */
  async signOut(): Promise<void> {
    const tokens = await this.#keeper.signOut();
    if (!tokens) return;
    await this.#call('RevokeToken', {
      ClientId: this.#config.userPoolClientId,
      Token: tokens.refreshToken,
    });
  }

  /** Registers a passkey on this device for the signed-in user (the browser asks them to confirm). */
  async addPasskey(): Promise<void> {
    const AccessToken = await this.#accessToken();
    const { CredentialCreationOptions } = await this.#call<{
      CredentialCreationOptions: PublicKeyCredentialCreationOptionsJSON;
    }>('StartWebAuthnRegistration', { AccessToken });
    const Credential = await createPasskey(this.#credentials, CredentialCreationOptions);
    await this.#call('CompleteWebAuthnRegistration', { AccessToken, Credential });
  }

  /** The signed-in user's passkeys. */
  async listPasskeys(): Promise<Passkey[]> {
    return listPasskeys(this.#call, await this.#accessToken());
  }

  /** Deletes one of the signed-in user's passkeys by its credential id. */
  async deletePasskey(credentialId: string): Promise<void> {
    await this.#call('DeleteWebAuthnCredential', {
      AccessToken: await this.#accessToken(),
      CredentialId: credentialId,
    });
  }

  /** Stops hearing other tabs (for a page that drops this `UserAuth`); the stored session stays. */
  close(): void {
    this.#keeper.close();
  }

  async #accessToken(): Promise<string> {
    const tokens = (await this.currentSession()) && this.#keeper.current();
    if (!tokens) throw new AuthError('not-signed-in', 'Sign in first.');
    return tokens.accessToken;
  }

  #withExpiry(tokens: SessionTokens | undefined): UserAuthTokens | undefined {
    return tokens && { ...tokens, expiresAt: this.#keeper.expiresAt() ?? 0 };
  }
}

/** What `promise` resolves to, or undefined once it says nobody is signed in (any other error is thrown). */
async function signedInOr<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof AuthError && error.code === 'not-signed-in') return undefined;
    throw error;
  }
}

function codeSentTo(out: CodeDelivery): { codeSentTo?: string } {
  const destination = out.CodeDeliveryDetails?.Destination;
  return destination ? { codeSentTo: destination } : {};
}
