import { UserAuth, type FirstFactor } from 'sigv4-service-worker/auth/user-auth';
import type { SigningConfig } from 'sigv4-service-worker/client';
import type { DemoAuth } from './DemoAuth.ts';

/**
 * The demo's default sign-in: Cognito's choice-based USER_AUTH through `UserAuth`, with a password
 * (SRP unless `VITE_AUTH_FLOW=USER_PASSWORD_AUTH`), an e-mailed code or a passkey.
 */
export function choiceAuth(config: SigningConfig): DemoAuth {
  const auth = new UserAuth(config);
  const password: FirstFactor =
    config.authFlow === 'USER_PASSWORD_AUTH' ? 'PASSWORD' : 'PASSWORD_SRP';
  // Offered only where the browser has WebAuthn; the pool still decides per user (SELECT_CHALLENGE).
  const webAuthn = typeof PublicKeyCredential === 'function';
  return {
    factors: webAuthn ? ['EMAIL_OTP', 'WEB_AUTHN'] : ['EMAIL_OTP'],
    passkeys: {
      list: () => auth.listPasskeys(),
      add: () => auth.addPasskey(),
      remove: (credentialId) => auth.deletePasskey(credentialId),
    },
    // A password and no preference: a password sign-in; neither: SELECT_CHALLENGE lists the choices.
    signIn: (username, options) =>
      auth.signIn(
        username,
        options.preferred || options.password === undefined
          ? options
          : { ...options, preferred: password },
      ),
    signUp: (username, pw, email) => auth.signUp(username, pw, { email }),
    confirmSignUp: (username, code) => auth.confirmSignUp(username, code),
    currentSession: () => auth.currentSession(),
    signOut: () => auth.signOut(),
  };
}
