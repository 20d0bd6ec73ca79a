import type {
  AuthSession,
  ChooseStep,
  CodeStep,
  FirstFactor,
  Passkey,
  SignInOptions,
  SignUpResult,
} from 'sigv4-service-worker/auth/user-auth';

/** Where a demo sign-in stands: as `UserAuth` reports it, and a classic password sign-in is at once done. */
export type DemoSignInStep = ChooseStep | CodeStep | { kind: 'signed-in' };

/** The signed-in user's passkeys, for the passkey panel. */
export interface PasskeyManager {
  list(): Promise<Passkey[]>;
  /** Registers a passkey on this device (the browser asks the person to confirm). */
  add(): Promise<void>;
  remove(credentialId: string): Promise<void>;
}

/** What the demo's screens need from the page's sign-in, whichever library does it. */
export interface DemoAuth {
  /** The factors the sign-in form offers next to the password (none for the classic flow). */
  readonly factors: readonly FirstFactor[];
  /** Passkey management once signed in, when this sign-in has passkeys. */
  readonly passkeys?: PasskeyManager;
  /** Starts a sign-in; with `password` and no `preferred`, a password sign-in. */
  signIn(username: string, options: SignInOptions): Promise<DemoSignInStep>;
  signUp(username: string, password: string, email: string): Promise<SignUpResult>;
  confirmSignUp(username: string, code: string): Promise<void>;
  /** The signed-in user and a valid ID token (the worker's `token-needed` answer), or undefined. */
  currentSession(): Promise<AuthSession | undefined>;
  signOut(): Promise<void>;
}
