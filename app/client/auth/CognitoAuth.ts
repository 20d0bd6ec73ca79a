import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  type CognitoUserSession,
  type ICognitoStorage,
} from 'amazon-cognito-identity-js';
import {
  resolveConfig,
  type SigningConfig,
  type SigningConfigInput,
} from '../../../shared/config.ts';
import { AuthError, toAuthError } from './AuthError.ts';

/** The signed-in user as the page knows them; only the ID token is ever handed to the worker. */
export interface AuthSession {
  username: string;
  idToken: string;
}

/** Result of `signUp`: whether the account still needs its confirmation code, and where it went. */
export interface SignUpResult {
  confirmed: boolean;
  /** Masked destination of the code, e.g. `d***@e***`, when Cognito says. */
  codeSentTo?: string;
}

/**
 * Cognito User Pool sign-in, sign-up and session over amazon-cognito-identity-js. Tokens stay in
 * the page (the library's storage); the refresh token never leaves it.
 */
export class CognitoAuth {
  readonly #pool: CognitoUserPool;
  readonly #config: SigningConfig;
  readonly #storage: ICognitoStorage | undefined;

  /** `storage` defaults to the library's (localStorage), shared by every tab. */
  constructor(configInput: SigningConfigInput, storage?: ICognitoStorage) {
    const config = resolveConfig(configInput);
    this.#config = config;
    this.#storage = storage;
    this.#pool = new CognitoUserPool({
      UserPoolId: config.userPoolId,
      ClientId: config.userPoolClientId,
      // The emulator's (or a proxy's) endpoint when configured; real AWS otherwise.
      ...(config.cognitoIdpEndpoint && { endpoint: config.cognitoIdpEndpoint }),
      ...(storage && { Storage: storage }),
    });
  }

  /** Signs in with SRP (or `USER_PASSWORD_AUTH` when configured); resolves with the new session. */
  signIn(username: string, password: string): Promise<AuthSession> {
    const user = this.#user(username.trim());
    if (this.#config.authFlow === 'USER_PASSWORD_AUTH') {
      user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
    }
    const details = new AuthenticationDetails({ Username: username.trim(), Password: password });
    return new Promise<AuthSession>((resolve, reject) => {
      const unsupported = (what: string) =>
        reject(new AuthError('unsupported-challenge', `This account needs ${what} to sign in.`));
      user.authenticateUser(details, {
        onSuccess: (session) => resolve(toAuthSession(user, session)),
        onFailure: (error: unknown) => reject(toAuthError(error)),
        newPasswordRequired: () => unsupported('a new password'),
        mfaRequired: () => unsupported('an MFA code'),
        totpRequired: () => unsupported('an authenticator code'),
        mfaSetup: () => unsupported('MFA set up'),
        selectMFAType: () => unsupported('an MFA choice'),
        customChallenge: () => unsupported('a custom challenge'),
      });
    });
  }

  /** Creates an account; Cognito then sends a confirmation code (the emulator prints it). */
  signUp(username: string, password: string, email?: string): Promise<SignUpResult> {
    const attributes = email
      ? [new CognitoUserAttribute({ Name: 'email', Value: email.trim() })]
      : [];
    return new Promise((resolve, reject) => {
      this.#pool.signUp(username.trim(), password, attributes, [], (error, result) => {
        if (error || !result) return reject(toAuthError(error));
        resolve({
          confirmed: result.userConfirmed,
          codeSentTo: result.codeDeliveryDetails?.Destination,
        });
      });
    });
  }

  /** Confirms a new account with the code Cognito sent. */
  confirmSignUp(username: string, code: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#user(username.trim()).confirmRegistration(code.trim(), true, (error) =>
        error ? reject(toAuthError(error)) : resolve(),
      );
    });
  }

  /**
   * The signed-in user's session, refreshed with the refresh token when the ID token has expired;
   * undefined when nobody is signed in in this browser. This is what answers the worker's
   * `token-needed` (pass `() => auth.currentSession().then((s) => s?.idToken)` to `SigningClient`).
   */
  currentSession(): Promise<AuthSession | undefined> {
    const user = this.#pool.getCurrentUser();
    if (!user) return Promise.resolve(undefined);
    return this.#session(user).then((session) => toAuthSession(user, session));
  }

  /**
   * Signs out everywhere (revoking the refresh tokens) when Cognito can be reached, else in this
   * browser only; either way the local tokens are gone afterwards.
   */
  async signOut(): Promise<void> {
    const user = this.#pool.getCurrentUser();
    if (!user) return;
    try {
      await this.#session(user);
      await new Promise<void>((resolve, reject) =>
        user.globalSignOut({ onSuccess: () => resolve(), onFailure: reject }),
      );
    } catch {
      // Offline, or the session already expired: the local sign-out below still ends it here.
    } finally {
      user.signOut();
    }
  }

  #user(username: string): CognitoUser {
    return new CognitoUser({
      Username: username,
      Pool: this.#pool,
      ...(this.#storage && { Storage: this.#storage }),
    });
  }

  #session(user: CognitoUser): Promise<CognitoUserSession> {
    return new Promise((resolve, reject) =>
      user.getSession((error: Error | null, session: CognitoUserSession | null) => {
        if (error || !session) {
          const auth = toAuthError(error ?? new Error('No session'));
          // Missing or expired refresh token: nobody is signed in any more.
          reject(
            auth.code === 'network' || auth.code === 'too-many-attempts'
              ? auth
              : new AuthError('not-signed-in', 'Your session has ended; sign in again.', {
                  cause: error,
                }),
          );
        } else {
          resolve(session);
        }
      }),
    );
  }
}

function toAuthSession(user: CognitoUser, session: CognitoUserSession): AuthSession {
  return { username: user.getUsername(), idToken: session.getIdToken().getJwtToken() };
}
