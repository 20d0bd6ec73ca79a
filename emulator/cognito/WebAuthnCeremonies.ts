import { randomBytes } from 'node:crypto';
import type { UserPool } from './UserPool.ts';

/** Random bytes in a challenge; Cognito's are 16 (22 base64url characters in its options). */
const CHALLENGE_BYTES = 16;

/** Bytes of an opaque Session; real ones are long encrypted blobs, opaque to clients either way. */
const SESSION_BYTES = 96;

/** A registration challenge issued by StartWebAuthnRegistration. */
export interface PendingRegistration {
  username: string;
  /** The app client of the access token that started it. */
  clientId: string;
  expiresAt: number;
}

/** A WEB_AUTHN sign-in challenge, keyed by the Session it was issued with. */
export interface PendingSignIn {
  username: string;
  challenge: string;
  expiresAt: number;
}

function dropExpired<T extends { expiresAt: number }>(map: Map<string, T>, now: number): void {
  for (const [key, value] of map) if (value.expiresAt < now) map.delete(key);
}

/** The passkey challenges a pool has issued and not yet seen answered; each can be taken once. */
export class WebAuthnCeremonies {
  private readonly registrations = new Map<string, PendingRegistration>();
  private readonly signIns = new Map<string, PendingSignIn>();

  constructor(private readonly now: () => number) {}

  /** Issues a registration challenge (base64url). */
  addRegistration(username: string, clientId: string, ttlMs: number): string {
    const now = this.now();
    dropExpired(this.registrations, now);
    const challenge = randomBytes(CHALLENGE_BYTES).toString('base64url');
    this.registrations.set(challenge, { username, clientId, expiresAt: now + ttlMs });
    return challenge;
  }

  /** Takes (once) the live registration a challenge was issued for. */
  takeRegistration(challenge: string): PendingRegistration | undefined {
    const pending = this.registrations.get(challenge);
    this.registrations.delete(challenge);
    return pending && pending.expiresAt >= this.now() ? pending : undefined;
  }

  /** Issues a sign-in challenge; returns it and the Session that carries it. */
  addSignIn(username: string, ttlMs: number): { challenge: string; session: string } {
    const now = this.now();
    dropExpired(this.signIns, now);
    const challenge = randomBytes(CHALLENGE_BYTES).toString('base64url');
    const session = randomBytes(SESSION_BYTES).toString('base64');
    this.signIns.set(session, { username, challenge, expiresAt: now + ttlMs });
    return { challenge, session };
  }

  /** Takes (once) the live sign-in of a Session. */
  takeSignIn(session: string): PendingSignIn | undefined {
    const pending = this.signIns.get(session);
    this.signIns.delete(session);
    return pending && pending.expiresAt >= this.now() ? pending : undefined;
  }
}

const ceremonies = new WeakMap<UserPool, WebAuthnCeremonies>();

/** The passkey ceremonies of a pool, created on first use. */
export function webAuthnCeremonies(pool: UserPool): WebAuthnCeremonies {
  let found = ceremonies.get(pool);
  if (!found) ceremonies.set(pool, (found = new WebAuthnCeremonies(() => pool.state.now())));
  return found;
}
