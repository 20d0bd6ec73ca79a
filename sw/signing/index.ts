export { installSigning, AUTH_CACHE_PREFIX, type SigningOptions } from './installSigning.ts';

export type { RouterUrlPattern, StaticRoutingOptions } from './staticRoutes.ts';
export type {
  SigningLayer,
  PluginMessage,
  SignedFetchOptions,
  SignedRouteContext,
  SigningPlugin,
} from './SigningPlugin.ts';
export { CredentialManager } from './CredentialManager.ts';
export type {
  CurrentCredentials,
  CredentialManagerOptions,
  SessionStatus,
} from './CredentialManager.ts';
export { createIdentityApi, type IdentityApiOptions } from './createIdentityApi.ts';
export { IdentityError, type IdentityApi, type AwsCredentials } from './IdentityApi.ts';
export { SessionStore, type Credentials, type Session } from './SessionStore.ts';
export { fetchSigned } from './fetchSigned.ts';
export { wireUrl, signRequest } from './signRequest.ts';
export {
  ConfigError,
  findApi,
  resolveConfig,
  type ApiConfig,
  type AuthFlow,
  type ConfigEnv,
  type SignedApi,
  type SigningConfig,
  type SigningConfigInput,
} from '../../shared/config.ts';
export { configFromEnv } from '../../shared/configFromEnv.ts';
export { SigningError, type ErrorCode, type ErrorInfo } from '../../shared/errors.ts';
export {
  PROTOCOL_VERSION,
  WORKER_RESPONSE_HEADER,
  type ExtensionEvent,
  type ExtensionRequest,
  type FieldType,
  type MessageFields,
  type WorkerEvent,
  type WorkerRequest,
} from '../../shared/protocol.ts';
