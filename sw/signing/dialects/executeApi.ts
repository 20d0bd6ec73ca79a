import { classifyAwsError, readAwsJsonError } from './awsRejection.ts';
import { canonicalUrl, methodIn } from './canonicalUrl.ts';
import type { ServiceDialect } from './ServiceDialect.ts';

/**
 * The methods API Gateway routes (a REST API's `ANY` and an HTTP API's `ANY` stand for these); any
 * other verb API Gateway could not route, and its CORS preflight would fail.
 */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
/** API Gateway's quota for a regional REST API's URL (an edge-optimized API allows 8,192). */
const MAX_URL_LENGTH = 10_240;

/**
 * API Gateway (`execute-api`), REST APIs and HTTP APIs alike: both refuse a signed request with a
 * 403 before it runs. A REST API names the error in `x-amzn-ErrorType` and explains it in a JSON
 * `message`; an HTTP API sends the `message` alone, so its refusals are read by their text. A 403
 * without either is the app's own.
 */
export const executeApi: ServiceDialect = {
  service: 'execute-api',
  title: 'API Gateway',
  methods: METHODS,
  maxQuerySignedUrlLength: MAX_URL_LENGTH,
  rejectionStatuses: [403],
  hashesPayload: false,
  method: methodIn(METHODS),
  wireUrl: canonicalUrl,
  async parseRejection(response) {
    return classifyAwsError(await readAwsJsonError(response), response);
  },
};
