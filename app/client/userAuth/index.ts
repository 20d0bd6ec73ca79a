export { UserAuth, type UserAuthOptions } from './UserAuth.ts';
export type {
  FirstFactor,
  SignInStep,
  ChooseStep,
  CodeStep,
  SignedInStep,
  SignInOptions,
} from './signIn.ts';
export type { UserAuthTokens } from './tokens.ts';
export type { Passkey } from './listPasskeys.ts';
export type { UserPoolConfig } from './callUserPool.ts';
export type { CredentialsLike } from './passkeyCeremony.ts';
export {
  createTokenStorage,
  DEFAULT_TOKEN_STORAGE,
  type TokenStorage,
  type TokenStorageKind,
  type TokenStorageOptions,
} from './tokenStorage.ts';
export type { SessionSnapshot, SessionTokens } from './SessionSnapshot.ts';
export type { AuthSession, SignUpResult } from '../auth/CognitoAuth.ts';
export { AuthError, type AuthErrorCode } from '../auth/AuthError.ts';
