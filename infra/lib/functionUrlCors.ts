import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { ServiceCors } from '../../backend/corsPolicy.ts';

/**
 * The methods a Function URL's `Cors.AllowMethods` accepts, at most six of them: `OPTIONS` is not
 * one (the URL answers preflights itself)
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-url-cors.html).
 */
const FUNCTION_URL_METHODS: ReadonlyMap<string, lambda.HttpMethod> = new Map([
  ['GET', lambda.HttpMethod.GET],
  ['PUT', lambda.HttpMethod.PUT],
  ['HEAD', lambda.HttpMethod.HEAD],
  ['POST', lambda.HttpMethod.POST],
  ['PATCH', lambda.HttpMethod.PATCH],
  ['DELETE', lambda.HttpMethod.DELETE],
]);

/** `Cors.AllowMethods` holds at most this many entries (Lambda API reference, `Cors`). */
const MAX_METHODS = 6;

/** `Cors.AllowOrigins`, `AllowHeaders` and `ExposeHeaders` hold at most this many entries. */
const MAX_LIST_ENTRIES = 100;

/** `Cors.MaxAge` ranges from 0 to a day, in seconds. */
const MAX_AGE_LIMIT_SECONDS = 86_400;

/**
 * The one CORS policy as a Function URL's `Cors`, checked against what Lambda accepts (no `OPTIONS`:
 * `serviceCors` lists none), a `MaxAge` above 0 (the default 0 means a preflight before every signed
 * request) and no more than a day.
 */
export function functionUrlCors(cors: ServiceCors): lambda.FunctionUrlCorsOptions {
  const methods = cors.allowMethods;
  const unknown = methods.filter((method) => !FUNCTION_URL_METHODS.has(method));
  if (unknown.length > 0) {
    throw new TypeError(`A Function URL's CORS cannot allow ${unknown.join(', ')}`);
  }
  if (methods.length > MAX_METHODS) {
    throw new TypeError(`A Function URL's CORS allows at most ${MAX_METHODS} methods`);
  }
  for (const [name, list] of Object.entries({
    allowOrigins: cors.allowOrigins,
    allowHeaders: cors.allowHeaders,
    exposeHeaders: cors.exposeHeaders,
  })) {
    if (list.length > MAX_LIST_ENTRIES) {
      throw new TypeError(`A Function URL's CORS ${name} holds at most ${MAX_LIST_ENTRIES}`);
    }
  }
  if (!Number.isInteger(cors.maxAge) || cors.maxAge <= 0 || cors.maxAge > MAX_AGE_LIMIT_SECONDS) {
    throw new TypeError(`A Function URL's CORS maxAge must be 1 to ${MAX_AGE_LIMIT_SECONDS} s`);
  }
  return {
    allowedOrigins: [...cors.allowOrigins],
    allowedMethods: methods.map((method) => FUNCTION_URL_METHODS.get(method)!),
    allowedHeaders: [...cors.allowHeaders],
    exposedHeaders: [...cors.exposeHeaders],
    allowCredentials: cors.allowCredentials,
    maxAge: Duration.seconds(cors.maxAge),
  };
}
