export { SigningClient, type SigningClientOptions } from './SigningClient.ts';
export { WorkerError } from './WorkerError.ts';
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
export type { ErrorCode, ErrorInfo } from '../../shared/errors.ts';
export {
  PROTOCOL_VERSION,
  WORKER_RESPONSE_HEADER,
  type ExtensionEvent,
  type SignInResult,
  type StatusResult,
  type WorkerChannel,
  type WorkerEvent,
} from '../../shared/protocol.ts';
