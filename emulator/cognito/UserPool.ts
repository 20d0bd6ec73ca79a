import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { EmulatorState } from '../EmulatorState.ts';
import { CognitoServiceError } from './CognitoServiceError.ts';
import { signJwt, verifyJwt } from './jwt.ts';
import { Mailbox } from './Mailbox.ts';
import { loadSigningKey, type SigningKey } from './SigningKey.ts';
import { createVerifier, type ServerEphemeral } from './srp.ts';
import { stableUuid } from './stableUuid.ts';
import { UserStore, type RefreshSession, type StoredUser } from './UserStore.ts';

/** How long an SRP challenge may be answered; Cognito's authentication sessions last 3 minutes. */
const CHALLENGE_TTL_MS = 3 * 60 * 1000;

/** Random bytes in a refresh token; real ones are ~1,700-character JWEs, opaque to clients either way. */
const REFRESH_TOKEN_BYTES = 96;

/** Scope of access tokens from the User Pool API, which only that API (not `/oauth2/userInfo`) accepts. */
const API_SCOPE = 'aws.cognito.signin.user.admin';

/** What managed login adds to a session: the granted scopes, and the `nonce` for its first ID token. */
export interface OAuthGrant {
  scope: string;
  nonce?: string;
}

/** An SRP exchange between InitiateAuth and RespondToAuthChallenge, keyed by its SECRET_BLOCK. */
export interface PendingChallenge {
  /** The user as stored, or undefined for an unknown username (answered as a wrong password). */
  user: StoredUser | undefined;
  username: string;
  verifier: string;
  A: bigint;
  ephemeral: ServerEphemeral;
  expiresAt: number;
}

/** What InitiateAuth and RespondToAuthChallenge return on success. */
export interface AuthenticationResult {
  AccessToken: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
  IdToken: string;
  RefreshToken?: string;
}

/** The User Pool's state and the work its operations share: users, challenges, sessions and tokens. */
export class UserPool {
  readonly store: UserStore;
  readonly key: SigningKey;
  /** The e-mails the pool "sent" (sign-up and EMAIL_OTP codes), for the test controls to read. */
  readonly mailbox = new Mailbox();
  private readonly challenges = new Map<string, PendingChallenge>();

  constructor(
    readonly state: EmulatorState,
    key: SigningKey = loadSigningKey(state.settings.dataDir),
    store: UserStore = new UserStore(state.settings.dataDir),
  ) {
    this.key = key;
    this.store = store;
    this.seedDemoUser();
  }

  /** The part of the pool id after `_`, which Cognito's SRP mixes into every hash. */
  get poolName(): string {
    return this.state.settings.userPoolId.split('_')[1] ?? '';
  }

  /** The `iss` of this pool's tokens. */
  get issuer(): string {
    const { region, userPoolId } = this.state.settings;
    return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
  }

  /** Throws Cognito's ResourceNotFoundException unless `clientId` is one of the pool's app clients. */
  /**
   * The user a sign-up operation (ConfirmSignUp, ResendConfirmationCode) names, after checking the
   * app client: Cognito's UserNotFoundException when there is none.
   */
  signUpUser(clientId: string, username: string): StoredUser {
    this.checkClientId(clientId);
    const user = this.store.get(username);
    if (!user) {
      throw new CognitoServiceError(
        'UserNotFoundException',
        'Username/client id combination not found.',
      );
    }
    return user;
  }

  checkClientId(clientId: string): void {
    const { clientId: main, rotatingClientId } = this.state.settings;
    if (clientId !== main && clientId !== rotatingClientId) {
      throw new CognitoServiceError(
        'ResourceNotFoundException',
        `User pool client ${clientId} does not exist.`,
      );
    }
  }

  /** Whether an app client has refresh token rotation on: the rotating one always, the main one when told. */
  rotates(clientId: string): boolean {
    const { clientId: main, rotatingClientId, rotateMainClient } = this.state.settings;
    return clientId === rotatingClientId || (clientId === main && rotateMainClient);
  }

  /** Whether `password` is the user's, by recomputing the SRP verifier with the user's salt. */
  passwordMatches(user: StoredUser, password: string): boolean {
    const { verifier } = createVerifier(this.poolName, user.username, password, user.salt);
    const a = Buffer.from(verifier, 'hex');
    const b = Buffer.from(user.verifier, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Keeps an SRP challenge until answered or expired; returns its SECRET_BLOCK. */
  addChallenge(challenge: Omit<PendingChallenge, 'expiresAt'>): string {
    const now = this.state.now();
    for (const [block, old] of this.challenges) {
      if (old.expiresAt < now) this.challenges.delete(block);
    }
    const secretBlock = randomBytes(REFRESH_TOKEN_BYTES).toString('base64');
    this.challenges.set(secretBlock, { ...challenge, expiresAt: now + CHALLENGE_TTL_MS });
    return secretBlock;
  }

  /** Takes (once) the live challenge of a SECRET_BLOCK. */
  takeChallenge(secretBlock: string): PendingChallenge | undefined {
    const challenge = this.challenges.get(secretBlock);
    this.challenges.delete(secretBlock);
    return challenge && challenge.expiresAt >= this.state.now() ? challenge : undefined;
  }

  /** Signs a user in at an app client: a new refresh session and its first tokens (`grant` for managed login). */
  startSession(user: StoredUser, clientId: string, grant?: OAuthGrant): AuthenticationResult {
    const now = this.state.now();
    const refreshToken = randomBytes(REFRESH_TOKEN_BYTES).toString('base64url');
    const session: RefreshSession = {
      username: user.username,
      originJti: randomUUID(),
      authTime: Math.floor(now / 1000),
      eventId: randomUUID(),
      expiresAt: now + this.state.settings.refreshTokenTtlSeconds * 1000,
      revoked: false,
      clientId,
      ...(grant && { scope: grant.scope }),
    };
    this.store.addSession(refreshToken, session, now);
    return { ...this.issueTokens(user, session, grant?.nonce), RefreshToken: refreshToken };
  }

  /** New ID and access tokens for a refresh token of `clientId`, without a new refresh token. */
  refresh(refreshToken: string, clientId: string): AuthenticationResult {
    const { user, session } = this.liveSession(refreshToken, clientId);
    return this.issueTokens(user, session);
  }

  /**
   * Rotation (GetTokensFromRefreshToken at a rotating client): new ID and access tokens and a new
   * refresh token of the same sign-in, which keeps the original expiry (as users of Cognito's rotation
   * report: rotated tokens do not extend the session). The submitted token then lasts the grace period.
   */
  rotate(refreshToken: string, clientId: string): AuthenticationResult {
    const { user, session } = this.liveSession(refreshToken, clientId);
    const now = this.state.now();
    session.rotatedAt ??= now;
    const next = randomBytes(REFRESH_TOKEN_BYTES).toString('base64url');
    const successor: RefreshSession = { ...session };
    delete successor.rotatedAt;
    this.store.addSession(next, successor, now);
    return { ...this.issueTokens(user, session), RefreshToken: next };
  }

  /**
   * RevokeToken: revokes a refresh token with every token rotated from or into it, and the access
   * tokens issued from them (they share `origin_jti`); says why not when it is no token of `clientId`.
   */
  revokeRefreshToken(
    refreshToken: string,
    clientId: string,
  ): 'revoked' | 'unknown' | 'other-client' {
    const session = this.store.session(refreshToken);
    if (!session) return 'unknown';
    if ((session.clientId ?? this.state.settings.clientId) !== clientId) return 'other-client';
    this.store.revokeFamily(session.originJti);
    return 'revoked';
  }

  private liveSession(
    refreshToken: string,
    clientId: string,
  ): { user: StoredUser; session: RefreshSession } {
    const session = this.store.session(refreshToken);
    const user = session && this.store.get(session.username);
    // Cognito's text, with its full stop, for a token it does not know or that another client was
    // issued (aws-sdk-java-v2#1687, aws-sdk-js-v3#7162; re:post "Invalid Refresh Token" error).
    if (
      !session ||
      !user ||
      !user.confirmed ||
      (session.clientId ?? this.state.settings.clientId) !== clientId
    ) {
      throw new CognitoServiceError('NotAuthorizedException', 'Invalid Refresh Token.');
    }
    if (session.revoked) {
      throw new CognitoServiceError('NotAuthorizedException', 'Refresh Token has been revoked');
    }
    const now = this.state.now();
    if (session.expiresAt <= now) {
      throw new CognitoServiceError('NotAuthorizedException', 'Refresh Token has expired');
    }
    const graceMs = this.state.settings.refreshTokenGraceSeconds * 1000;
    if (session.rotatedAt !== undefined && now >= session.rotatedAt + graceMs) {
      // The error type is the one the API model gives for a token invalidated by rotation; the
      // message text is not documented (unverified).
      throw new CognitoServiceError(
        'RefreshTokenReuseException',
        'Refresh token has been rotated and is no longer valid.',
      );
    }
    return { user, session };
  }

  /**
   * The user (and session) an access token with `requiredScope` stands for; Cognito's
   * NotAuthorizedException texts otherwise.
   */
  authenticate(
    accessToken: string,
    requiredScope = API_SCOPE,
  ): { user: StoredUser; session: RefreshSession } {
    const invalid = new CognitoServiceError('NotAuthorizedException', 'Invalid Access Token');
    const result = verifyJwt(accessToken, this.key);
    if (!result.ok) throw invalid;
    const { claims } = result;
    if (
      claims.iss !== this.issuer ||
      claims.token_use !== 'access' ||
      typeof claims.exp !== 'number' ||
      typeof claims.username !== 'string' ||
      typeof claims.origin_jti !== 'string'
    ) {
      throw invalid;
    }
    if (claims.exp * 1000 <= this.state.now()) {
      throw new CognitoServiceError('NotAuthorizedException', 'Access Token has expired');
    }
    const session = this.store.sessionByOriginJti(claims.origin_jti);
    if (!session || session.revoked) {
      throw new CognitoServiceError('NotAuthorizedException', 'Access Token has been revoked');
    }
    const user = this.store.get(claims.username);
    if (!user || user.sub !== claims.sub) {
      throw new CognitoServiceError('UserNotFoundException', 'User does not exist.');
    }
    if (typeof claims.scope !== 'string' || !claims.scope.split(' ').includes(requiredScope)) {
      // A managed-login token granted without aws.cognito.signin.user.admin, as Cognito words it.
      throw new CognitoServiceError(
        'NotAuthorizedException',
        'Access Token does not have required scopes',
      );
    }
    return { user, session };
  }

  private issueTokens(
    user: StoredUser,
    session: RefreshSession,
    nonce?: string,
  ): AuthenticationResult {
    const { tokenTtlSeconds } = this.state.settings;
    const clientId = session.clientId ?? this.state.settings.clientId;
    const iat = Math.floor(this.state.now() / 1000);
    const exp = iat + tokenTtlSeconds;
    const { email, email_verified } = user.attributes;
    const idClaims: Record<string, unknown> = {
      sub: user.sub,
      ...(email_verified !== undefined && { email_verified: email_verified === 'true' }),
      iss: this.issuer,
      'cognito:username': user.username,
      origin_jti: session.originJti,
      aud: clientId,
      event_id: session.eventId,
      token_use: 'id',
      auth_time: session.authTime,
      exp,
      iat,
      jti: randomUUID(),
      ...(email !== undefined && { email }),
      // OIDC Core 3.1.3.6: the nonce of the authorization request, in the ID token it yields.
      ...(nonce !== undefined && { nonce }),
    };
    const accessClaims = {
      sub: user.sub,
      iss: this.issuer,
      client_id: clientId,
      origin_jti: session.originJti,
      event_id: session.eventId,
      token_use: 'access',
      scope: session.scope ?? API_SCOPE,
      auth_time: session.authTime,
      exp,
      iat,
      jti: randomUUID(),
      username: user.username,
    };
    return {
      AccessToken: signJwt(accessClaims, this.key),
      ExpiresIn: tokenTtlSeconds,
      TokenType: 'Bearer',
      IdToken: signJwt(idClaims, this.key),
    };
  }

  private seedDemoUser(): void {
    const { demoUser, demoPassword, demoEmail, userPoolId } = this.state.settings;
    const existing = this.store.get(demoUser);
    const username = existing?.username ?? demoUser;
    // A salt derived from the pool and name keeps the demo verifier identical across restarts.
    const salt = stableUuid('salt', userPoolId, username).replace(/-/g, '');
    const verifier = createVerifier(this.poolName, username, demoPassword, salt);
    if (existing?.verifier === verifier.verifier && existing.confirmed) return;
    this.store.put({
      username,
      sub: existing?.sub ?? stableUuid(userPoolId, username.toLowerCase()),
      attributes: existing?.attributes ?? { email: demoEmail, email_verified: 'true' },
      confirmed: true,
      createdAt: existing?.createdAt ?? this.state.now(),
      ...verifier,
    });
  }
}
