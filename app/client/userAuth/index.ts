export { UserAuth, type UserAuthOptions, type SignUpResult } from './UserAuth.ts';
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
  requestOptionsFromJson,
  creationOptionsFromJson,
  assertionToJson,
  attestationToJson,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from './webAuthnJson.ts';
export { AuthError, type AuthErrorCode } from '../auth/AuthError.ts';
