import { describe, expect, it } from 'vitest';
import { lambdaFunctionUrl } from '../lambdaFunctionUrl.ts';

/** A 403 as Lambda's Function URL front end sends it: `x-amzn-ErrorType` and a JSON `Message`. */
function refusal(type: string | undefined, body: unknown) {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status: 403,
    headers: { 'Content-Type': 'application/json', ...(type && { 'x-amzn-ErrorType': type }) },
  });
}

describe('the Lambda Function URL dialect', () => {
  it('sends the hash of every body in X-Amz-Content-Sha256 and reads only 403s', () => {
    expect(lambdaFunctionUrl.hashesPayload).toBe(true);
    expect(lambdaFunctionUrl.rejectionStatuses).toEqual([403]);
    expect(lambdaFunctionUrl.service).toBe('lambda');
  });

  it('signs the methods a Function URL’s CORS can allow, a lower-case patch as PATCH', () => {
    expect(['get', 'patch', 'DELETE', 'head'].map((m) => lambdaFunctionUrl.method(m))).toEqual([
      'GET',
      'PATCH',
      'DELETE',
      'HEAD',
    ]);
    expect(lambdaFunctionUrl.method('OPTIONS')).toBeUndefined();
    expect(lambdaFunctionUrl.method('PROPFIND')).toBeUndefined();
  });

  it('sends the URL with its query in RFC 3986 form and without the fragment', () => {
    const wire = lambdaFunctionUrl.wireUrl(
      new URL('https://a.lambda-url.eu-west-1.on.aws//notes?q=a+b#x'),
    );
    expect(wire.href).toBe('https://a.lambda-url.eu-west-1.on.aws/notes?q=a%20b');
  });

  it.each([
    ['ExpiredTokenException', { Message: 'The security token included in the request is expired' }],
    [
      'UnrecognizedClientException',
      { message: 'The security token included in the request is invalid.' },
    ],
    // With temporary credentials whose token Lambda does not know (jamesmbourne/aws4-axios#1553).
    [undefined, { message: 'The security token included in the request is invalid.' }],
  ])('reads a %s 403 as refused credentials', async (type, body) => {
    expect(await lambdaFunctionUrl.parseRejection(refusal(type, body))).toEqual({
      reason: 'credentials-refused',
    });
  });

  it('reads a clock-skew 403 with the time AWS states', async () => {
    const Message =
      'Signature expired: 20261203T100000Z is now earlier than 20261203T101000Z (20261203T101500Z - 5 min.)';
    expect(
      await lambdaFunctionUrl.parseRejection(refusal('InvalidSignatureException', { Message })),
    ).toEqual({ reason: 'clock-skew', serverTime: Date.UTC(2026, 11, 3, 10, 15) });
  });

  it.each([
    [
      'the generic refusal of a caller without permission',
      'AccessDeniedException',
      {
        Message:
          'Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html',
      },
    ],
    [
      'a signature mismatch',
      'InvalidSignatureException',
      { Message: 'The request signature we calculated does not match the signature you provided.' },
    ],
    ["the function's own 403", undefined, { error: 'not yours' }],
  ])('leaves %s to the app', async (_, type, body) => {
    expect(await lambdaFunctionUrl.parseRejection(refusal(type, body))).toEqual({
      reason: 'other',
    });
  });
});
