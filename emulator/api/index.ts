export { createApiServer, MAX_PAYLOAD_BYTES } from './createApiServer.ts';
export { ApiGatewayError } from './ApiGatewayError.ts';
export type { EchoResponse } from './echoRoute.ts';
export type { Note } from '../../backend/index.ts';
