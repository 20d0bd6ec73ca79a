import { classifyAwsError, readAwsJsonError } from './awsRejection.ts';
import { canonicalUrl, methodIn } from './canonicalUrl.ts';
import type { ServiceDialect } from './ServiceDialect.ts';

/**
 * The methods a Function URL's CORS can allow (`Cors.AllowMethods` takes no OPTIONS: the URL answers
 * preflights itself), so the only ones a page can send it.
 */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * Lambda Function URLs with `AuthType: AWS_IAM` (service `lambda`). Lambda refuses a signed request
 * with a 403 before the function runs, naming the error in `x-amzn-ErrorType` and explaining it in
 * a JSON `Message` (capitalised, as Lambda's API does). Unlike API Gateway it does not accept a
 * body whose hash it must compute: a request with a body carries `X-Amz-Content-Sha256`
 * (https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html).
 */
export const lambdaFunctionUrl: ServiceDialect = {
  service: 'lambda',
  title: 'Lambda Function URL',
  methods: METHODS,
  rejectionStatuses: [403],
  hashesPayload: true,
  method: methodIn(METHODS),
  wireUrl: canonicalUrl,
  async parseRejection(response) {
    return classifyAwsError(await readAwsJsonError(response), response);
  },
};
