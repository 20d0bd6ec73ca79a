/** The SigV4 service and region an AWS host name states. */
export interface AwsHostTarget {
  service: string;
  region: string;
}

/**
 * AWS's own host names for the endpoints the worker signs for, each stating its region:
 * - API Gateway REST and HTTP APIs, `{api-id}.execute-api.{region}.amazonaws.com`, and a private API
 *   through a VPC endpoint, `{api-id}-{vpce-id}.execute-api.{region}.vpce.amazonaws.com`
 *   (https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-call-api.html);
 * - Lambda Function URLs, `{url-id}.lambda-url.{region}.on.aws`
 *   (https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html);
 * - AppSync GraphQL endpoints, `{api-id}.appsync-api.{region}.amazonaws.com`
 *   (https://docs.aws.amazon.com/appsync/latest/devguide/what-is-appsync.html).
 * China regions end in `.amazonaws.com.cn`. A custom domain states nothing, so it is configured.
 */
const AWS_HOSTS: readonly { service: string; pattern: RegExp }[] = [
  {
    service: 'execute-api',
    pattern:
      /^[a-z0-9]+(?:-vpce-[a-z0-9]+)?\.execute-api\.([a-z]{2}(?:-[a-z]+)+-\d)\.(?:vpce\.)?amazonaws\.com(?:\.cn)?$/,
  },
  { service: 'lambda', pattern: /^[a-z0-9]+\.lambda-url\.([a-z]{2}(?:-[a-z]+)+-\d)\.on\.aws$/ },
  {
    service: 'appsync',
    pattern: /^[a-z0-9]+\.appsync-api\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?$/,
  },
];

/** The service and region an AWS endpoint's host name states, or undefined for any other host. */
export function awsHostTarget(hostname: string): AwsHostTarget | undefined {
  const host = hostname.toLowerCase();
  for (const { service, pattern } of AWS_HOSTS) {
    const region = pattern.exec(host)?.[1];
    if (region !== undefined) return { service, region };
  }
  return undefined;
}
