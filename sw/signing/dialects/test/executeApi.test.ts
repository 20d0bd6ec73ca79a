import { describe, expect, it } from 'vitest';
import { executeApi } from '../executeApi.ts';

const wire = (url: string) => executeApi.wireUrl(new URL(url)).href;

/**
 * A 403 as API Gateway sends it: the error type in `x-amzn-ErrorType` (real AWS appends
 * `:http://internal.amazon.com/coral/...`) and a JSON `message`.
 */
function refusal(type: string | undefined, body: unknown, headers: Record<string, string> = {}) {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status: 403,
    headers: {
      'Content-Type': 'application/json',
      ...(type && { 'x-amzn-ErrorType': type }),
      ...headers,
    },
  });
}
const CORAL = ':http://internal.amazon.com/coral/com.amazon.coral.service/';

describe('the execute-api dialect', () => {
  it.each([
    ['https://a.test/dev/x?a=1&a=2&b=', 'https://a.test/dev/x?a=1&a=2&b='],
    ['https://a.test/dev/x?q=a+b', 'https://a.test/dev/x?q=a%20b'],
    ['https://a.test/dev/x?q=a%2Bb', 'https://a.test/dev/x?q=a%2Bb'],
    ["https://a.test/dev/x?q=it's(1)*!", 'https://a.test/dev/x?q=it%27s%281%29%2A%21'],
    ['https://a.test/dev/x?q=✓', 'https://a.test/dev/x?q=%E2%9C%93'],
    ['https://a.test/dev/x?flag&=orphan', 'https://a.test/dev/x?flag='],
    ['https://a.test/dev/x?bad=%zz', 'https://a.test/dev/x?bad=%25zz'],
    ['https://a.test/dev//x///y#frag', 'https://a.test/dev/x/y'],
    ['https://a.test/dev/caf%C3%A9 x', 'https://a.test/dev/caf%C3%A9%20x'],
  ])('sends %s as %s', (input, expected) => {
    expect(wire(input)).toBe(expected);
  });

  it('signs the methods a REST API routes, a lower-case patch as PATCH, and no other verb', () => {
    expect(['get', 'PATCH', 'patch', 'Options'].map((m) => executeApi.method(m))).toEqual([
      'GET',
      'PATCH',
      'PATCH',
      'OPTIONS',
    ]);
    expect(['PROPFIND', 'TRACE', 'CONNECT', 'purge'].map((m) => executeApi.method(m))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it.each([
    ['ExpiredTokenException', 'The security token included in the request is expired'],
    ['ExpiredTokenException' + CORAL, 'The security token included in the request is expired'],
    ['UnrecognizedClientException', 'The security token included in the request is invalid.'],
  ])('reads a %s 403 as refused credentials', async (type, message) => {
    expect(await executeApi.parseRejection(refusal(type, { message }))).toEqual({
      reason: 'credentials-refused',
    });
  });

  it('reads a clock-skew 403 with the time AWS states in its message', async () => {
    const message =
      'Signature expired: 20261126T120000Z is now earlier than 20261126T121000Z (20261126T121500Z - 5 min.)';
    const response = refusal('InvalidSignatureException' + CORAL, { message });
    expect(await executeApi.parseRejection(response)).toEqual({
      reason: 'clock-skew',
      serverTime: Date.UTC(2026, 10, 26, 12, 15),
    });
    const early =
      'Signature not yet current: 20261126T130000Z is still later than 20261126T122000Z (20261126T121500Z + 5 min.)';
    expect(
      await executeApi.parseRejection(refusal('InvalidSignatureException', { Message: early })),
    ).toEqual({
      reason: 'clock-skew',
      serverTime: Date.UTC(2026, 10, 26, 12, 15),
    });
  });

  it('falls back to the Date header when the stated time is not a date', async () => {
    const message = 'Signature expired: x is now earlier than y (20261399T999999Z - 5 min.)';
    const response = refusal(
      'InvalidSignatureException',
      { message },
      { Date: 'Thu, 26 Nov 2026 12:15:00 GMT' },
    );
    expect(await executeApi.parseRejection(response)).toEqual({
      reason: 'clock-skew',
      serverTime: Date.UTC(2026, 10, 26, 12, 15),
    });
  });

  it.each([
    [
      'a signature mismatch',
      'InvalidSignatureException',
      { message: 'The request signature we calculated does not match the signature you provided.' },
    ],
    [
      'a missing-permission refusal',
      'AccessDeniedException',
      {
        Message:
          'User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: execute-api:Invoke',
      },
    ],
    ["the app's own 403 in HTML", undefined, '<h1>Forbidden</h1>'],
    ["the app's own 403 in JSON", undefined, { message: 'Forbidden' }],
  ])('leaves %s to the app', async (_, type, body) => {
    expect(await executeApi.parseRejection(refusal(type, body))).toEqual({ reason: 'other' });
  });

  // An HTTP API answers its IAM refusals with a JSON `message` and no error type to read.
  it.each([
    ['an expired token', 'The security token included in the request is expired'],
    ['an unknown token', 'The security token included in the request is invalid.'],
  ])('reads an HTTP API’s 403 for %s as refused credentials', async (_, message) => {
    expect(await executeApi.parseRejection(refusal(undefined, { message }))).toEqual({
      reason: 'credentials-refused',
    });
  });

  it('reads an HTTP API’s clock-skew 403 by its text alone', async () => {
    const message =
      'Signature expired: 20261203T100000Z is now earlier than 20261203T101000Z (20261203T101500Z - 5 min.)';
    expect(await executeApi.parseRejection(refusal(undefined, { message }))).toEqual({
      reason: 'clock-skew',
      serverTime: Date.UTC(2026, 11, 3, 10, 15),
    });
  });

  it('hashes no payload into a header and reads only 403s', () => {
    expect(executeApi.hashesPayload).toBe(false);
    expect(executeApi.rejectionStatuses).toEqual([403]);
  });

  it('leaves the body of the rejection readable for the app', async () => {
    const response = refusal('InvalidSignatureException', { message: 'nope' });
    await executeApi.parseRejection(response);
    expect(await response.json()).toEqual({ message: 'nope' });
  });
});
