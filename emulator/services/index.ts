export { createAppSyncServer, APPSYNC_PATH } from './createAppSyncServer.ts';
export {
  createFunctionUrlServer,
  FUNCTION_URL_MAX_PAYLOAD_BYTES,
} from './createFunctionUrlServer.ts';
export { createHttpApiServer, HTTP_API_MAX_PAYLOAD_BYTES } from './createHttpApiServer.ts';
export { ServiceError } from './ServiceError.ts';
