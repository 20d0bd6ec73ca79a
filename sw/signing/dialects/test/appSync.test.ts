import { describe, expect, it } from 'vitest';
import { appSync } from '../appSync.ts';

/** An AppSync refusal: GraphQL's `errors` array, sometimes with `x-amzn-ErrorType` as well. */
function refusal(status: number, body: unknown, type?: string) {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...(type && { 'x-amzn-ErrorType': type }) },
  });
}
const errors = (errorType: string, message: string) => ({ errors: [{ errorType, message }] });

describe('the AppSync dialect', () => {
  it('reads 400, 401 and 403 answers and hashes no payload into a header', () => {
    expect(appSync.rejectionStatuses).toEqual([400, 401, 403]);
    expect(appSync.hashesPayload).toBe(false);
    expect(appSync.service).toBe('appsync');
  });

  it('signs POST only', () => {
    expect(['post', 'POST'].map((m) => appSync.method(m))).toEqual(['POST', 'POST']);
    expect(['GET', 'PUT', 'DELETE'].map((m) => appSync.method(m))).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it.each([
    [401, 'UnauthorizedException', 'The security token included in the request is expired'],
    [401, 'UnauthorizedException', 'The security token included in the request is invalid.'],
    [403, 'ExpiredTokenException', 'The security token included in the request is expired'],
    [403, 'UnrecognizedClientException', 'The security token included in the request is invalid.'],
  ])('reads a %i %s as refused credentials', async (status, type, message) => {
    expect(await appSync.parseRejection(refusal(status, errors(type, message)))).toEqual({
      reason: 'credentials-refused',
    });
  });

  it.each([
    [400, 'BadRequestException'],
    [403, 'InvalidSignatureException'],
  ])('reads a %i %s about the clock as clock skew', async (status, type) => {
    const message =
      'Signature not yet current: 20261203T103000Z is still later than 20261203T102000Z (20261203T101500Z + 5 min.)';
    expect(await appSync.parseRejection(refusal(status, errors(type, message)))).toEqual({
      reason: 'clock-skew',
      serverTime: Date.UTC(2026, 11, 3, 10, 15),
    });
  });

  it.each([
    // A 403 whose reason is only in the header (aws-amplify/amplify-js#2422).
    ['a signature mismatch named in the header', refusal(403, '', 'InvalidSignatureException')],
    // A user-pool token where IAM was expected (aws-amplify/amplify-js#2645).
    [
      'a refusal of something other than the credentials',
      refusal(401, errors('UnauthorizedException', 'Unable to parse JWT token.')),
    ],
    [
      'a GraphQL validation error',
      refusal(
        400,
        errors(
          'ValidationError',
          "Validation error of type FieldUndefined: Field 'x' in type 'Query' is undefined @ 'x'",
        ),
      ),
    ],
    ['a body that is not JSON', refusal(401, '<html>no</html>')],
  ])('leaves %s to the app', async (_, response) => {
    expect(await appSync.parseRejection(response)).toEqual({ reason: 'other' });
  });

  it('leaves the GraphQL answer readable for the app', async () => {
    const body = errors(
      'UnauthorizedException',
      'The security token included in the request is expired',
    );
    const response = refusal(401, body);
    await appSync.parseRejection(response);
    expect(await response.json()).toEqual(body);
  });
});
