// The worker's public API: what a service worker calls, and the types of the plug-in extension point.
export { installSigning, type SigningOptions } from './installSigning.ts';
export { DEFAULT_REFRESH_POLICY, type RefreshPolicy } from './refreshPolicy.ts';
export type { RouterUrlPattern, StaticRoutingOptions } from './staticRoutes.ts';
export type {
  PluginMessage,
  SignedFetchOptions,
  SignedRouteContext,
  SigningLayer,
  SigningPlugin,
} from './SigningPlugin.ts';
export type { ApiRequest } from './ApiRequest.ts';
export type { Credentials, Session } from './SessionStore.ts';
export { IdentityError, type AwsCredentials, type IdentityApi } from './IdentityApi.ts';
export {
  ConfigError,
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
