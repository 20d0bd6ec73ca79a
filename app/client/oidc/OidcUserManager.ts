import type { SigningClient } from '../SigningClient.ts';

/** The part of an OIDC client's user that the feed reads (oidc-client-ts's `User` fits). */
export interface OidcUser {
  /** The ID token, a User Pool JWT; absent when the `openid` scope was not granted. */
  id_token?: string;
}

/**
 * The part of an OIDC client that the feed uses, typed by shape so that oidc-client-ts's
 * `UserManager` fits without this package depending on it (another client can be wrapped to fit).
 */
export interface OidcUserManager {
  /** The signed-in user from the client's store, or null. */
  getUser(): Promise<OidcUser | null>;
  /** Renews the user's tokens without a page (with the refresh token, in oidc-client-ts). */
  signinSilent(): Promise<OidcUser | null>;
  /** Forgets the user (raises the unloaded event). */
  removeUser(): Promise<void>;
  events: {
    /** Calls back after each sign-in and renewal; returns a function that stops. */
    addUserLoaded(callback: (user: OidcUser) => Promise<void> | void): () => void;
    /** Calls back when the user is forgotten (sign-out); returns a function that stops. */
    addUserUnloaded(callback: () => Promise<void> | void): () => void;
  };
}

/** The part of `SigningClient` that the feed uses. */
export type OidcWorkerClient = Pick<SigningClient, 'signIn' | 'signOut' | 'on'>;
