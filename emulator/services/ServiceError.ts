import type { ApiResponse } from '../api/ApiResponse.ts';

/** An answer a service itself gives instead of running the code behind it (auth, limits, routing). */
export class ServiceError extends Error {
  override name = 'ServiceError' as const;
  constructor(
    /** The error type the counters and the log report, e.g. `AccessDeniedException`. */
    readonly errorType: string,
    /** Status, headers and body exactly as the service sends them. */
    readonly response: ApiResponse,
    options?: ErrorOptions,
  ) {
    super(`${response.status} ${errorType}`, options);
  }
}
