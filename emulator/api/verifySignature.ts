import type { EmulatorState, IssuedCredentials } from '../EmulatorState.ts';
import {
  expiredToken,
  incompleteSignature,
  invalidSignature,
  missingAuthenticationToken,
  unrecognizedClient,
  type ApiGatewayError,
} from './ApiGatewayError.ts';
import type { ReceivedRequest } from './ReceivedRequest.ts';
import { mismatchWithCanonical, SignatureRejection } from './SignatureRejection.ts';
import { verifySigV4 } from './verifySigV4.ts';

/** The service name API Gateway's IAM authorization expects in the credential scope. */
export const SERVICE = 'execute-api';

/**
 * Verifies a request's SigV4 signature for `execute-api` and returns the credentials that signed
 * it, or throws an ApiGatewayError with a REST API's status, error type and text.
 */
export async function verifySignature(
  request: ReceivedRequest,
  state: EmulatorState,
): Promise<IssuedCredentials> {
  try {
    return await verifySigV4(request, state, { service: SERVICE });
  } catch (error) {
    if (error instanceof SignatureRejection) throw restApiError(error);
    throw error;
  }
}

/** A rejection as a REST API answers it (403 with `x-amzn-ErrorType` and `{"message"}`). */
export function restApiError(rejection: SignatureRejection): ApiGatewayError {
  switch (rejection.kind) {
    case 'missing':
      return missingAuthenticationToken();
    case 'incomplete':
      return incompleteSignature(rejection.message);
    case 'bad-scope':
    case 'clock-skew':
      return invalidSignature(rejection.message);
    case 'invalid-token':
      return unrecognizedClient();
    case 'expired-token':
      return expiredToken();
    case 'bad-signature':
      return invalidSignature(mismatchWithCanonical(rejection.details.mismatch!));
  }
}
