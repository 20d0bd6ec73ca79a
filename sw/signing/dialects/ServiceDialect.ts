/**
 * What a service's 403 says went wrong, as far as the signing layer can recover: AWS's clock is
 * elsewhere (re-sign with `serverTime`), the credentials were refused (get fresh ones, once), or
 * anything else (the app gets the answer as it came).
 */
export type Rejection =
  | { reason: 'clock-skew'; serverTime: number | undefined }
  | { reason: 'credentials-refused' }
  | { reason: 'other' };

/**
 * How one AWS service (`api.service`) differs for a signed request: which methods it serves, the
 * URL it is sent and signed with, its URL length quota, and how its refusals read. A new service is
 * a new file implementing this, registered in `dialectFor.ts`.
 */
export interface ServiceDialect {
  /** The SigV4 service name, e.g. `execute-api`. */
  readonly service: string;
  /** Names the service in the worker's error messages, e.g. "API Gateway". */
  readonly title: string;
  /** The methods the service can be sent, upper-case. */
  readonly methods: readonly string[];
  /** The longest URL a query-signed request may have, for a service that takes them (`signQuery`). */
  readonly maxQuerySignedUrlLength?: number;
  /** The statuses the service refuses a signed request with; `parseRejection` reads only these. */
  readonly rejectionStatuses: readonly number[];
  /** Whether a request with a body must carry its hash in `X-Amz-Content-Sha256`. */
  readonly hashesPayload: boolean;
  /** The method to sign for a request's method, or undefined for a verb the service cannot serve. */
  method(method: string): string | undefined;
  /** The URL exactly as it is signed and sent. */
  wireUrl(url: URL): URL;
  /** Reads a refusal (one of `rejectionStatuses`): what it says went wrong. */
  parseRejection(response: Response): Promise<Rejection>;
}
