import { describe, expect, it } from 'vitest';
import { appSync } from '../appSync.ts';
import { dialectFor } from '../dialectFor.ts';
import { executeApi } from '../executeApi.ts';
import { lambdaFunctionUrl } from '../lambdaFunctionUrl.ts';

describe('dialectFor', () => {
  it('speaks to each service in its own dialect', () => {
    expect(dialectFor('execute-api')).toBe(executeApi);
    expect(dialectFor('lambda')).toBe(lambdaFunctionUrl);
    expect(dialectFor('appsync')).toBe(appSync);
  });

  it('speaks to a service without a dialect of its own as API Gateway', () => {
    expect(dialectFor('s3')).toBe(executeApi);
  });
});
