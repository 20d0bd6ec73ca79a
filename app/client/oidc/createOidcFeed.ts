import { decodeJwtPayload } from '../../../shared/jwt.ts';
import type { OidcUserManager, OidcWorkerClient } from './OidcUserManager.ts';

/**
 * A stored ID token is handed to the worker only with at least this long (or a third of its
 * lifetime, if shorter) left; the worker itself renews 10 s (or a sixth) before `exp`, so a token
 * handed over is never one it would ask about again at once.
 */
const RENEW_MARGIN_MS = 30_000;

/** Options of `createOidcFeed`. */
export interface OidcFeedOptions {
  /** The clock, epoch milliseconds; injectable for tests. */
  now?: () => number;
}

/** Links an OIDC client's session to the signing worker's; see `createOidcFeed`. */
export interface OidcFeed {
  /**
   * For `SigningClientOptions.refreshIdToken`: the stored ID token while it is fresh, else one
   * renewed with `signinSilent`; undefined once the OIDC session is over (the worker then ends its own).
   */
  refreshIdToken(): Promise<string | undefined>;
  /**
   * Hands the ID token of each sign-in to the worker, signs the worker out when the user is
   * removed, and removes the user when the worker signs out (from any tab). Returns a function that stops.
   */
  connect(client: OidcWorkerClient): () => void;
}

function isFresh(idToken: string, now: number): boolean {
  try {
    const { exp, iat } = decodeJwtPayload(idToken);
    const lifetime = (exp - (iat ?? exp)) * 1000;
    return exp * 1000 - Math.min(RENEW_MARGIN_MS, lifetime / 3) > now;
  } catch {
    // Not a JWT the worker could use either: renew it.
    return false;
  }
}

/** Whether an OIDC client's error says the session is over rather than unreachable. */
function sessionOver(error: unknown): boolean {
  const code = (error as { error?: unknown } | null)?.error;
  // RFC 6749 5.2 (refresh token refused) and OIDC Core 3.1.2.6 (a silent sign-in needs a person).
  return code === 'invalid_grant' || code === 'login_required';
}

/**
 * Feeds the signing worker from an OIDC client such as oidc-client-ts's `UserManager` (managed
 * login with the authorization code flow and PKCE): pass `refreshIdToken` to the `SigningClient`
 * and `connect` the client.
 */
export function createOidcFeed(
  userManager: OidcUserManager,
  options: OidcFeedOptions = {},
): OidcFeed {
  const now = options.now ?? Date.now;
  /** Set while the feed answers: a renewal's user-loaded token goes to the worker as the answer. */
  let answering: Promise<string | undefined> | undefined;
  /** Set while the feed removes the user because the worker signed out, so it is not told back. */
  let removing = false;

  async function answer(): Promise<string | undefined> {
    const user = await userManager.getUser();
    if (!user?.id_token) return undefined;
    if (isFresh(user.id_token, now())) return user.id_token;
    try {
      return (await userManager.signinSilent())?.id_token;
    } catch (error) {
      if (sessionOver(error)) return undefined;
      // Offline or throttled: SigningClient logs it and the worker's bounded wait decides.
      throw error;
    }
  }

  return {
    refreshIdToken() {
      // One answer at a time, so two asks in a row cost one renewal.
      answering ??= answer().finally(() => (answering = undefined));
      return answering;
    },

    connect(client) {
      const stops = [
        userManager.events.addUserLoaded(async (user) => {
          if (answering || !user.id_token) return;
          await client.signIn(user.id_token);
        }),
        userManager.events.addUserUnloaded(async () => {
          if (!removing) await client.signOut();
        }),
        client.on('signed-out', () => {
          void (async () => {
            if (!(await userManager.getUser())) return;
            removing = true;
            try {
              await userManager.removeUser();
            } finally {
              removing = false;
            }
          })().catch((error: unknown) => {
            console.warn('[signing] could not remove the OIDC user after sign-out:', error);
          });
        }),
      ];
      return () => stops.forEach((stop) => stop());
    },
  };
}
