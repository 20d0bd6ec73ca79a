import type http from 'node:http';
import { serviceCors } from '../../backend/index.ts';
import { sharedNotesStore } from '../api/sharedNotesStore.ts';
import { notesRoutes } from '../api/notesRoutes.ts';
import { mismatchWithCanonical, type SignatureRejection } from '../api/SignatureRejection.ts';
import type { EmulatorState } from '../EmulatorState.ts';
import { createServiceServer } from './createServiceServer.ts';
import { matchServiceRoute } from './matchServiceRoute.ts';
import { ServiceError } from './ServiceError.ts';
import { servicePreflightHeaders, serviceCorsHeaders } from './serviceCorsHeaders.ts';

/** An HTTP API's payload limit, 10 MB as REST APIs (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html). */
export const HTTP_API_MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/**
 * What API Gateway answers a CORS preflight of an HTTP API with: 204 No Content (unverified: the
 * status AWS documents nowhere; recorded answers show 204).
 */
const PREFLIGHT_STATUS = 204;

/**
 * Creates the HTTP API server (not yet listening): a `$default` stage, so no stage prefix, with the
 * notes and echo routes, IAM authorization for `execute-api`, and CORS as a `corsConfiguration`
 * of `serviceCors(allowedOrigins)` makes API Gateway answer it: preflights answered by API Gateway
 * whatever the route ("even if there isn't an OPTIONS route configured",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html).
 */
export function createHttpApiServer(state: EmulatorState): http.Server {
  const notes = notesRoutes(sharedNotesStore(state), state);
  const cors = () => serviceCors(state.settings.allowedOrigins);
  return createServiceServer(state, {
    counter: 'httpApi',
    service: 'execute-api',
    maxPayloadBytes: HTTP_API_MAX_PAYLOAD_BYTES,
    // HTTP APIs name their request id `apigw-requestid`, not `x-amzn-RequestId` (recorded answers).
    requestIdHeader: 'apigw-requestid',
    preflight: (req) => ({
      status: PREFLIGHT_STATUS,
      headers: servicePreflightHeaders(cors(), req),
    }),
    // Unverified that API Gateway adds the configured CORS headers to its own 403s of an HTTP API
    // (the docs only say "to the response from an integration"); assumed, as for Function URLs.
    corsHeaders: (origin) => serviceCorsHeaders(cors(), origin),
    route: (method, rawPath) => matchServiceRoute(method, rawPath, notes),
    // An HTTP API answers a request no route matches with 404 `{"message":"Not Found"}`, before auth.
    notFound: () => httpApiError(404, 'NotFound', 'Not Found'),
    // Unverified text.
    tooLarge: () => httpApiError(413, 'RequestEntityTooLarge', 'Request Entity Too Large'),
    rejection: httpApiRejection,
    internalError: (cause) =>
      httpApiError(500, 'InternalServerError', 'Internal Server Error', cause),
  });
}

/**
 * A refused signature as an HTTP API answers it: 403, `{"message": ...}`, and no `x-amzn-ErrorType`
 * header (unverified: HTTP API answers carry `apigw-requestid` and, in every recorded one seen, no
 * error type; a dialect must read the text).
 * - missing: "Forbidden" (an HTTP API has no "Missing Authentication Token"; `{"message":"Forbidden"}`
 *   recorded for an IAM-authorized HTTP API in https://github.com/aws/aws-cdk/issues/21182, there for a
 *   denied caller; unverified for the unsigned request).
 * - the SigV4 cases: the SigV4 front end's texts as REST APIs give them, the mismatch with its canonical
 *   request and string to sign (unverified for HTTP APIs).
 */
export function httpApiRejection(rejection: SignatureRejection): ServiceError {
  const type = rejection.kind;
  switch (rejection.kind) {
    case 'missing':
      return httpApiError(403, type, 'Forbidden');
    case 'bad-signature':
      return httpApiError(403, type, mismatchWithCanonical(rejection.details.mismatch!));
    default:
      return httpApiError(403, type, rejection.message);
  }
}

/** `errorType` only names the case for the counters (`httpApi.<kind>`); it is not sent. */
function httpApiError(
  status: number,
  errorType: string,
  message: string,
  cause?: unknown,
): ServiceError {
  return new ServiceError(errorType, { status, body: { message } }, { cause });
}
