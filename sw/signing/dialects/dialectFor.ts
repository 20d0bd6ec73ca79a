import { appSync } from './appSync.ts';
import { executeApi } from './executeApi.ts';
import { lambdaFunctionUrl } from './lambdaFunctionUrl.ts';
import type { ServiceDialect } from './ServiceDialect.ts';

/** The dialects the worker knows, by SigV4 service name. */
const DIALECTS: ReadonlyMap<string, ServiceDialect> = new Map(
  [executeApi, lambdaFunctionUrl, appSync].map((dialect) => [dialect.service, dialect]),
);

/**
 * The dialect of a service. One without a dialect of its own is spoken to as API Gateway is (its
 * methods, URL rules and refusals), which is how the worker treated every service before dialects.
 */
export function dialectFor(service: string): ServiceDialect {
  return DIALECTS.get(service) ?? executeApi;
}
