import type http from 'node:http';
import type { IncomingMessage } from 'node:http';
import { CORS_ALLOWED_HEADERS } from '../../backend/index.ts';
import type { RouteHandler } from '../api/ApiResponse.ts';
import { sharedNotesStore } from '../api/sharedNotesStore.ts';
import { SIGNATURE_MISMATCH_TEXT, type SignatureRejection } from '../api/SignatureRejection.ts';
import type { EmulatorState } from '../EmulatorState.ts';
import { createServiceServer } from './createServiceServer.ts';
import { executeNotesGraphql } from './executeNotesGraphql.ts';
import { ServiceError } from './ServiceError.ts';

/** The path of an AppSync API's GraphQL endpoint. */
export const APPSYNC_PATH = '/graphql';

/** AppSync's request size limit, unverified (the quotas page names none for a query); generous. */
export const APPSYNC_MAX_PAYLOAD_BYTES = 5 * 1024 * 1024;

/**
 * Response headers AppSync lets scripts read (unverified: as recorded on AppSync answers, AppSync has
 * no CORS setting of its own and answers every origin with `*`).
 */
const APPSYNC_EXPOSED_HEADERS = [
  'x-amzn-RequestId',
  'x-amzn-ErrorType',
  'x-amz-user-agent',
  'x-amzn-ErrorMessage',
  'Date',
  'x-amz-schema-version',
];

/** How long AppSync lets a browser cache a preflight, seconds (unverified). */
const APPSYNC_PREFLIGHT_MAX_AGE = 86_400;

/**
 * Creates the AppSync server (not yet listening): `POST /graphql` runs `backend/notes.graphql` for
 * the SigV4 caller (service `appsync`). AppSync has no CORS setting: any origin gets `*` on
 * preflights and answers alike (unverified), so a browser may call it only without credentials
 * (cookies), which is how the worker calls it anyway. Only POST is served: AppSync's HTTP endpoint
 * takes queries as a JSON POST body (https://docs.aws.amazon.com/appsync/latest/devguide/graphql-overview.html);
 * whether it answers a GET query is unverified, so a GET gets the not-found answer.
 */
export function createAppSyncServer(state: EmulatorState): http.Server {
  const storage = sharedNotesStore(state);
  const graphql: RouteHandler = (request, caller) =>
    executeNotesGraphql(request.body, {
      storage,
      now: () => state.now(),
      identityId: caller.identityId,
    });
  return createServiceServer(state, {
    counter: 'appsync',
    service: 'appsync',
    maxPayloadBytes: APPSYNC_MAX_PAYLOAD_BYTES,
    requestIdHeader: 'x-amzn-RequestId',
    preflight: (req) => ({ status: 200, headers: appSyncPreflightHeaders(req) }),
    corsHeaders: () => ({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': APPSYNC_EXPOSED_HEADERS.join(','),
    }),
    route: (method, rawPath) =>
      method === 'POST' && rawPath === APPSYNC_PATH ? graphql : undefined,
    // Unverified: what AppSync answers on another path or method.
    notFound: () => appSyncError(404, 'NotFoundException', 'Not Found'),
    tooLarge: () => appSyncError(413, 'BadRequestException', 'Request Entity Too Large'),
    rejection: appSyncRejection,
    internalError: (cause) =>
      appSyncError(500, 'InternalFailureException', 'An internal failure occurred.', cause),
  });
}

/** AppSync's preflight: any origin, the asked-for headers (unverified). */
function appSyncPreflightHeaders(req: Pick<IncomingMessage, 'headers'>): Record<string, string> {
  const asked = req.headers['access-control-request-headers'];
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'GET,POST,OPTIONS',
    'Access-Control-Allow-Headers': asked ?? CORS_ALLOWED_HEADERS.join(','),
    'Access-Control-Max-Age': String(APPSYNC_PREFLIGHT_MAX_AGE),
  };
}

/**
 * A refused signature as AppSync answers it: `x-amzn-ErrorType` and
 * `{"errors":[{"errorType","message"}]}`.
 * - missing: 401 UnauthorizedException "Missing authorization header" (recorded, with the header
 *   `x-amzn-errortype: UnauthorizedException`, in https://github.com/aws-amplify/amplify-js/issues/4270).
 * - clock-skew: 403 InvalidSignatureException "Signature expired: … (… - 5 min.)" (recorded in
 *   https://github.com/awslabs/aws-mobile-appsync-sdk-js/issues/385).
 * - bad-signature: 403 InvalidSignatureException (type and status recorded in
 *   https://github.com/aws-amplify/amplify-js/issues/2422); the short mismatch text is unverified.
 * - invalid-token: UnrecognizedClientException "The security token included in the request is
 *   invalid." (recorded for AppSync with IAM in https://github.com/getcrft/appsync-gateway/issues/5);
 *   the status 403 is unverified.
 * - expired-token: 403 ExpiredTokenException "The security token included in the request is
 *   expired" (unverified for AppSync).
 * - incomplete / bad-scope: 403 IncompleteSignatureException / InvalidSignatureException with the
 *   SigV4 front end's texts (unverified for AppSync).
 */
export function appSyncRejection(rejection: SignatureRejection): ServiceError {
  switch (rejection.kind) {
    case 'missing':
      return appSyncError(401, 'UnauthorizedException', 'Missing authorization header');
    case 'incomplete':
      return appSyncError(403, 'IncompleteSignatureException', rejection.message);
    case 'bad-scope':
    case 'clock-skew':
      return appSyncError(403, 'InvalidSignatureException', rejection.message);
    case 'invalid-token':
      return appSyncError(403, 'UnrecognizedClientException', rejection.message);
    case 'expired-token':
      return appSyncError(403, 'ExpiredTokenException', rejection.message);
    case 'bad-signature':
      return appSyncError(403, 'InvalidSignatureException', SIGNATURE_MISMATCH_TEXT);
  }
}

function appSyncError(
  status: number,
  errorType: string,
  message: string,
  cause?: unknown,
): ServiceError {
  return new ServiceError(
    errorType,
    {
      status,
      headers: { 'x-amzn-ErrorType': errorType },
      body: { errors: [{ errorType, message }] },
    },
    { cause },
  );
}
