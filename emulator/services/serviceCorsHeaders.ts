import type { IncomingMessage } from 'node:http';
import { isAllowedOrigin, type ServiceCors } from '../../backend/index.ts';

/**
 * CORS headers a service with its own CORS setting (a Function URL's `Cors`, an HTTP API's
 * `corsConfiguration`) adds to an answer: only for an allowed Origin, none otherwise. Both services
 * "ignore CORS headers returned from your backend" and add the configured ones
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html,
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html#urls-cors).
 */
export function serviceCorsHeaders(
  cors: ServiceCors,
  origin: string | undefined,
): Record<string, string> {
  if (!isAllowedOrigin(origin, cors.allowOrigins)) return {};
  return {
    'Access-Control-Allow-Origin': origin!,
    ...(cors.allowCredentials ? { 'Access-Control-Allow-Credentials': 'true' } : {}),
    'Access-Control-Expose-Headers': cors.exposeHeaders.join(','),
  };
}

/**
 * The preflight answer of such a service: the configured lists and MaxAge for an allowed Origin
 * asking with Access-Control-Request-Method, no CORS headers at all otherwise ("For the OPTIONS
 * method, your request must include the origin header and the Access-Control-Request-Method
 * header", http-api-cors.html above).
 */
export function servicePreflightHeaders(
  cors: ServiceCors,
  req: Pick<IncomingMessage, 'headers'>,
): Record<string, string> {
  const origin = req.headers.origin;
  if (!req.headers['access-control-request-method'] || !isAllowedOrigin(origin, cors.allowOrigins))
    return {};
  return {
    'Access-Control-Allow-Origin': origin!,
    ...(cors.allowCredentials ? { 'Access-Control-Allow-Credentials': 'true' } : {}),
    'Access-Control-Allow-Methods': cors.allowMethods.join(','),
    'Access-Control-Allow-Headers': cors.allowHeaders.join(','),
    ...(cors.maxAge > 0 ? { 'Access-Control-Max-Age': String(cors.maxAge) } : {}),
  };
}
