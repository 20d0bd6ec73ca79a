import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { createOidcFeed, type OidcFeed } from 'sigv4-service-worker/auth/oidc';
import type { SigningConfig } from 'sigv4-service-worker/client';

/**
 * The demo's managed-login sign-in (`VITE_AUTH_MODE=oidc`): oidc-client-ts runs the authorization
 * code flow with PKCE against the pool's hosted pages, and the OIDC feed hands its ID tokens to the
 * signing worker. The callback URL and the sign-out URL are the app's root.
 */
export class ManagedLogin {
  readonly feed: OidcFeed;
  readonly #userManager: UserManager;
  readonly #clientId: string;

  constructor(config: SigningConfig) {
    const endpoint =
      config.cognitoIdpEndpoint ?? `https://cognito-idp.${config.region}.amazonaws.com`;
    this.#clientId = config.userPoolClientId;
    this.#userManager = new UserManager({
      // The issuer's discovery document names the hosted pages (on AWS, the pool's domain).
      authority: `${endpoint.replace(/\/$/, '')}/${config.userPoolId}`,
      client_id: config.userPoolClientId,
      redirect_uri: `${location.origin}/`,
      response_type: 'code',
      scope: 'openid email',
      // Every tab shares the user (and so one refresh token); sessionStorage would sign in per tab.
      userStore: new WebStorageStateStore({ store: localStorage }),
      // The worker asks for a fresh ID token when it needs one; no timers in the page.
      automaticSilentRenew: false,
    });
    this.feed = createOidcFeed(this.#userManager);
  }

  /** Completes a sign-in when the page is the redirect back from the hosted page. */
  async handleRedirect(): Promise<void> {
    const params = new URLSearchParams(location.search);
    if (!params.has('state') || !(params.has('code') || params.has('error'))) return;
    try {
      await this.#userManager.signinRedirectCallback();
    } finally {
      history.replaceState(null, '', '/');
    }
  }

  /** Leaves for the hosted sign-in page. */
  signIn(): Promise<void> {
    return this.#userManager.signinRedirect();
  }

  /** Ends the hosted session too: Cognito's `/logout` takes `client_id` and `logout_uri`. */
  signOut(): Promise<void> {
    return this.#userManager.signoutRedirect({
      extraQueryParams: { client_id: this.#clientId, logout_uri: `${location.origin}/` },
    });
  }
}
