import type { ErrorInfo } from '../../shared/errors.ts';
import { WORKER_RESPONSE_HEADER } from '../../shared/protocol.ts';

/**
 * Whether the worker answered 503 `cognito-unavailable` (credentials needed a refresh and Cognito
 * could not be reached) while the device is offline: as good as a network failure.
 */
export async function isSigningUnavailable(response: Response, online: boolean): Promise<boolean> {
  if (online || response.status !== 503 || !response.headers.has(WORKER_RESPONSE_HEADER)) {
    return false;
  }
  try {
    const body = (await response.clone().json()) as Partial<ErrorInfo>;
    return body.code === 'cognito-unavailable';
  } catch {
    // A worker 503 is always JSON; anything else is not ours to reinterpret.
    return false;
  }
}
