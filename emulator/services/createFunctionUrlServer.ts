import type http from 'node:http';
import { serviceCors } from '../../backend/index.ts';
import type { RouteHandler } from '../api/ApiResponse.ts';
import { sharedNotesStore } from '../api/sharedNotesStore.ts';
import { notesRoutes } from '../api/notesRoutes.ts';
import { SIGNATURE_MISMATCH_TEXT, type SignatureRejection } from '../api/SignatureRejection.ts';
import type { EmulatorState } from '../EmulatorState.ts';
import { createServiceServer } from './createServiceServer.ts';
import { matchServiceRoute } from './matchServiceRoute.ts';
import { ServiceError } from './ServiceError.ts';
import { servicePreflightHeaders, serviceCorsHeaders } from './serviceCorsHeaders.ts';

/**
 * Lambda's invocation payload limit for a synchronous call, 6 MB, which a Function URL shares
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
 */
export const FUNCTION_URL_MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

/**
 * Lambda's answer to a request without auth: 403, `x-amzn-ErrorType: AccessDeniedException`, this
 * `Message` (capital M). Source: the issue-18 brief's recorded answer and
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html (the page the text links).
 */
export const FUNCTION_URL_FORBIDDEN =
  'Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html';

/** What a Function URL answers a preflight with: 200 (unverified; the status AWS documents nowhere). */
const PREFLIGHT_STATUS = 200;

/**
 * Creates the Lambda Function URL server (not yet listening): the notes API at `/notes` and the
 * echo route at `/echo` with no stage prefix, `AWS_IAM` auth for service `lambda`, and CORS as a
 * Function URL configured with `serviceCors(allowedOrigins)` answers it.
 */
export function createFunctionUrlServer(state: EmulatorState): http.Server {
  const notes = notesRoutes(sharedNotesStore(state), state);
  const cors = () => serviceCors(state.settings.allowedOrigins);
  return createServiceServer(state, {
    counter: 'lambdaUrl',
    service: 'lambda',
    requirePayloadHashHeader: true,
    maxPayloadBytes: FUNCTION_URL_MAX_PAYLOAD_BYTES,
    requestIdHeader: 'x-amzn-RequestId',
    preflight: (req) => ({
      status: PREFLIGHT_STATUS,
      headers: servicePreflightHeaders(cors(), req),
    }),
    // Unverified that a Function URL adds its CORS headers to its own 403s; without them a page could
    // not read why it was refused, and AWS documents the headers as added to every response.
    corsHeaders: (origin) => serviceCorsHeaders(cors(), origin),
    // Every path reaches the function once signed: a Function URL has no routes of its own.
    route: (method, rawPath) => matchServiceRoute(method, rawPath, notes) ?? functionNotFound,
    notFound: () => lambdaError(404, 'ResourceNotFoundException', 'Message', 'Not Found'),
    // Lambda's Invoke text for an oversized payload; unverified that a Function URL says the same.
    tooLarge: () =>
      lambdaError(
        413,
        'RequestEntityTooLargeException',
        'Message',
        `Request must be smaller than ${FUNCTION_URL_MAX_PAYLOAD_BYTES} bytes for the InvokeFunction operation`,
      ),
    rejection: functionUrlRejection,
    // A function that throws: a Function URL answers 502 (unverified text).
    internalError: (cause) =>
      lambdaError(502, 'InternalServerError', 'Message', 'Internal Server Error', cause),
  });
}

/** What the notes function answers for a path it does not serve. */
const functionNotFound: RouteHandler = async () => ({
  status: 404,
  body: { message: 'Not Found' },
});

/**
 * A refused signature as a Function URL answers it: always 403 with `x-amzn-ErrorType`; the
 * no-auth case in `{"Message"}`, the SigV4 front end's in `{"message"}` with no canonical request.
 * - missing: AccessDeniedException, FUNCTION_URL_FORBIDDEN (brief; urls-auth.html).
 * - bad-signature (also a POST/PUT body without `x-amz-content-sha256`): InvalidSignatureException,
 *   the short mismatch text: recorded through CloudFront OAC to a Function URL in
 *   https://github.com/minorun365/html-share/issues/4 (`x-amzn-errortype: InvalidSignatureException`,
 *   `{"message":"The request signature we calculated does not match ..."}`).
 * - invalid-token: UnrecognizedClientException, "The security token included in the request is
 *   invalid." (text recorded for a Function URL in https://github.com/jamesmbourne/aws4-axios/issues/1553;
 *   the error type unverified).
 * - expired-token: ExpiredTokenException, "The security token included in the request is expired"
 *   (unverified for Function URLs: AWS's common text).
 * - clock-skew: InvalidSignatureException, "Signature expired: … (… - 5 min.)" as Lambda's own
 *   API says it (https://repost.aws/knowledge-center/lambda-sdk-signature); unverified for URLs.
 * - incomplete / bad-scope: IncompleteSignatureException / InvalidSignatureException with the SigV4
 *   front end's texts (unverified for Function URLs).
 */
export function functionUrlRejection(rejection: SignatureRejection): ServiceError {
  switch (rejection.kind) {
    case 'missing':
      return lambdaError(403, 'AccessDeniedException', 'Message', FUNCTION_URL_FORBIDDEN);
    case 'incomplete':
      return lambdaError(403, 'IncompleteSignatureException', 'message', rejection.message);
    case 'bad-scope':
    case 'clock-skew':
      return lambdaError(403, 'InvalidSignatureException', 'message', rejection.message);
    case 'invalid-token':
      return lambdaError(403, 'UnrecognizedClientException', 'message', rejection.message);
    case 'expired-token':
      return lambdaError(403, 'ExpiredTokenException', 'message', rejection.message);
    case 'bad-signature':
      return lambdaError(403, 'InvalidSignatureException', 'message', SIGNATURE_MISMATCH_TEXT);
  }
}

function lambdaError(
  status: number,
  errorType: string,
  key: 'Message' | 'message',
  text: string,
  cause?: unknown,
): ServiceError {
  return new ServiceError(
    errorType,
    { status, headers: { 'x-amzn-ErrorType': errorType }, body: { [key]: text } },
    { cause },
  );
}
