import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SrpVerifier } from './srp.ts';
import { writeJsonAtomic } from './writeJsonAtomic.ts';

/** File under `dataDir` with users and refresh sessions. */
const USERS_FILE = 'cognito-users.json';

/** A user as the User Pool keeps it. */
export interface StoredUser extends SrpVerifier {
  /** As signed up; also USER_ID_FOR_SRP, so the SRP verifier is computed over it. */
  username: string;
  sub: string;
  /** Standard and custom attributes except sub, e.g. email, email_verified. */
  attributes: Record<string, string>;
  confirmed: boolean;
  /** The pending sign-up code while unconfirmed. */
  confirmationCode?: string;
  createdAt: number;
  /** Registered passkeys, oldest first. */
  passkeys?: StoredPasskey[];
}

/** A passkey registered with CompleteWebAuthnRegistration. */
export interface StoredPasskey {
  /** base64url, as browsers and Cognito spell it. */
  credentialId: string;
  /** COSE_Key bytes, base64url. */
  publicKey: string;
  algorithm: number;
  signCount: number;
  friendlyName: string;
  relyingPartyId: string;
  authenticatorAttachment?: string;
  transports: string[];
  /** Epoch milliseconds on the emulator's clock. */
  createdAt: number;
}

/** One sign-in: its refresh token's lifetime and what every token issued from it shares. */
export interface RefreshSession {
  username: string;
  /** Shared `origin_jti` of the ID and access tokens issued in this session. */
  originJti: string;
  /** `auth_time` (epoch seconds) and `event_id` of the sign-in. */
  authTime: number;
  eventId: string;
  /** Epoch milliseconds on the emulator's clock. */
  expiresAt: number;
  revoked: boolean;
  /** The app client it was issued to; absent in files from before there were two (the main one). */
  clientId?: string;
  /** When GetTokensFromRefreshToken rotated this token out (epoch ms); it lasts the grace period more. */
  rotatedAt?: number;
  /** OAuth scopes granted by managed login, carried by every access token of the session. */
  scope?: string;
}

interface UsersFile {
  users: StoredUser[];
  refreshTokens: Record<string, RefreshSession>;
}

/**
 * The User Pool's durable data, kept in memory and written through to `dataDir` (when set). Usernames
 * are case-insensitive, the default of new Cognito user pools.
 */
export class UserStore {
  private readonly users = new Map<string, StoredUser>();
  private readonly refreshTokens = new Map<string, RefreshSession>();
  private readonly file: string | undefined;

  constructor(dataDir: string) {
    this.file = dataDir ? join(dataDir, USERS_FILE) : undefined;
    if (this.file && existsSync(this.file)) {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as UsersFile;
      for (const user of data.users) this.users.set(user.username.toLowerCase(), user);
      for (const [token, session] of Object.entries(data.refreshTokens)) {
        this.refreshTokens.set(token, session);
      }
    }
  }

  /** The user named `username`, in any letter case. */
  get(username: string): StoredUser | undefined {
    return this.users.get(username.toLowerCase());
  }

  /** Every user. */
  allUsers(): IterableIterator<StoredUser> {
    return this.users.values();
  }

  /** Adds or replaces a user. */
  put(user: StoredUser): void {
    this.users.set(user.username.toLowerCase(), user);
    this.save();
  }

  /** The session of a refresh token. */
  session(refreshToken: string): RefreshSession | undefined {
    return this.refreshTokens.get(refreshToken);
  }

  /** The session whose tokens carry `originJti`. */
  sessionByOriginJti(originJti: string): RefreshSession | undefined {
    for (const session of this.refreshTokens.values()) {
      if (session.originJti === originJti) return session;
    }
    return undefined;
  }

  /** Records a new refresh token, dropping sessions long expired so the file stays small. */
  addSession(refreshToken: string, session: RefreshSession, now: number): void {
    for (const [token, old] of this.refreshTokens) {
      if (old.expiresAt < now) this.refreshTokens.delete(token);
    }
    this.refreshTokens.set(refreshToken, session);
    this.save();
  }

  /** Revokes every refresh session of a user (GlobalSignOut). */
  revokeSessions(username: string): void {
    const key = username.toLowerCase();
    for (const session of this.refreshTokens.values()) {
      if (session.username.toLowerCase() === key) session.revoked = true;
    }
    this.save();
  }

  /** Revokes every refresh token of one sign-in, rotated ones included (RevokeToken). */
  revokeFamily(originJti: string): void {
    for (const session of this.refreshTokens.values()) {
      if (session.originJti === originJti) session.revoked = true;
    }
    this.save();
  }

  private save(): void {
    if (!this.file) return;
    const data: UsersFile = {
      users: [...this.users.values()],
      refreshTokens: Object.fromEntries(this.refreshTokens),
    };
    writeJsonAtomic(this.file, data);
  }
}
