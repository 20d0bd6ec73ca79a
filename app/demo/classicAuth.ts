import { AuthError, CognitoAuth } from 'sigv4-service-worker/auth';
import type { SigningConfig } from 'sigv4-service-worker/client';
import type { DemoAuth } from './DemoAuth.ts';

/**
 * The demo's classic sign-in (`VITE_AUTH_MODE=classic`): amazon-cognito-identity-js with SRP or
 * USER_PASSWORD_AUTH (`VITE_AUTH_FLOW`), passwords only.
 */
export function classicAuth(config: SigningConfig): DemoAuth {
  const auth = new CognitoAuth(config);
  return {
    factors: [],
    signIn: async (username, { password }) => {
      if (!password) throw new AuthError('invalid-input', 'Enter your password.');
      await auth.signIn(username, password);
      return { kind: 'signed-in' };
    },
    signUp: (username, password, email) => auth.signUp(username, password, email),
    confirmSignUp: (username, code) => auth.confirmSignUp(username, code),
    currentSession: () => auth.currentSession(),
    signOut: () => auth.signOut(),
  };
}
