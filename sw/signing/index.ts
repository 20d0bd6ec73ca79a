export { installSigning, AUTH_CACHE_PREFIX } from './installSigning.ts';
export type {
  SignedFetchOptions,
  SignedRouteContext,
  SigningLayer,
  SigningOptions,
} from './installSigning.ts';
export { CredentialManager } from './CredentialManager.ts';
export type {
  CurrentCredentials,
  CredentialManagerOptions,
  SessionStatus,
} from './CredentialManager.ts';
export { createIdentityApi, type IdentityApi, type AwsCredentials } from './IdentityApi.ts';
export { SessionStore, type Credentials, type Session } from './SessionStore.ts';
export { fetchSigned } from './fetchSigned.ts';
export { wireUrl, signRequest } from './signRequest.ts';
export { refreshMargins } from './refreshMargins.ts';
