import { classifyAwsError, errorTypeHeader, readJson, type AwsError } from './awsRejection.ts';
import { canonicalUrl, methodIn } from './canonicalUrl.ts';
import type { ServiceDialect } from './ServiceDialect.ts';

/**
 * AppSync's GraphQL endpoint takes queries and mutations by POST; whether it answers a GET query is
 * unverified, so the worker refuses GET rather than send what AppSync may not serve.
 */
const METHODS = ['POST'] as const;

/**
 * AWS AppSync GraphQL APIs with IAM auth (service `appsync`). AppSync answers its refusals in
 * GraphQL's own shape, `{"errors": [{"errorType": "UnauthorizedException", "message": "…"}]}`, and
 * not always as 403: credentials it refuses get a 401, a skewed clock a 400 or 403.
 */
export const appSync: ServiceDialect = {
  service: 'appsync',
  title: 'AppSync',
  methods: METHODS,
  rejectionStatuses: [400, 401, 403],
  hashesPayload: false,
  method: methodIn(METHODS),
  wireUrl: canonicalUrl,
  async parseRejection(response) {
    return classifyAwsError(await readGraphqlError(response), response);
  },
};

/**
 * The first of a GraphQL answer's `errors`, where AppSync puts the reason of a refusal; its
 * `x-amzn-ErrorType` header when the body names none (seen on AppSync's 403s, amplify-js#2422).
 */
async function readGraphqlError(response: Response): Promise<AwsError> {
  const errors = (await readJson(response))?.errors;
  const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
  const { errorType, message } =
    typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : {};
  return {
    type: typeof errorType === 'string' ? errorType : errorTypeHeader(response),
    message: typeof message === 'string' ? message : '',
  };
}
