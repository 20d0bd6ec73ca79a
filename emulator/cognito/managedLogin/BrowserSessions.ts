import { randomBytes } from 'node:crypto';

/** Name of managed login's session cookie; Cognito's hosted pages call theirs `cognito` too. */
export const SESSION_COOKIE = 'cognito';

/** Cognito keeps a managed-login browser session for one hour. */
export const SESSION_TTL_MS = 60 * 60 * 1000;

/**
 * Who is signed in to managed login in which browser (by cookie), so a second `/oauth2/authorize`
 * within the hour redirects with a code at once, and `/logout` ends it.
 */
export class BrowserSessions {
  private readonly sessions = new Map<string, { username: string; expiresAt: number }>();

  constructor(private readonly now: () => number) {}

  /** Starts a session for `username`; returns the cookie value. */
  start(username: string): string {
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(id, { username, expiresAt: this.now() + SESSION_TTL_MS });
    return id;
  }

  /** The username of a live session, from a request's Cookie header. */
  username(cookieHeader: string | undefined): string | undefined {
    const id = readCookie(cookieHeader);
    const session = id === undefined ? undefined : this.sessions.get(id);
    return session && session.expiresAt > this.now() ? session.username : undefined;
  }

  /** Ends the session named in a Cookie header, if any. */
  end(cookieHeader: string | undefined): void {
    const id = readCookie(cookieHeader);
    if (id !== undefined) this.sessions.delete(id);
  }
}

function readCookie(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}
