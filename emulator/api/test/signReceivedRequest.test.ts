import { describe, expect, it } from 'vitest';
import { signReceivedRequest } from '../signReceivedRequest.ts';

/** AWS's SigV4 test suite credentials and date (docs.aws.amazon.com, signature-v4-test-suite). */
const SUITE = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  longDate: '20150830T123600Z',
  shortDate: '20150830',
  region: 'us-east-1',
  service: 'service',
};

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('signReceivedRequest', () => {
  it('matches the get-vanilla vector of the AWS SigV4 test suite', async () => {
    const result = await signReceivedRequest({
      ...SUITE,
      method: 'GET',
      rawPath: '/',
      query: [],
      canonicalHeaders: { host: 'example.amazonaws.com', 'x-amz-date': SUITE.longDate },
      payloadHash: EMPTY_SHA256,
    });
    expect(result.canonicalRequest).toBe(
      `GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n${EMPTY_SHA256}`,
    );
    expect(result.stringToSign).toBe(
      'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n' +
        'bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63',
    );
    expect(result.signature).toBe(
      '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });

  it('matches the get-vanilla-query-order-value vector (repeated key sorted by value)', async () => {
    const result = await signReceivedRequest({
      ...SUITE,
      method: 'GET',
      rawPath: '/',
      query: [
        ['Param1', 'value2'],
        ['Param1', 'Value1'],
      ],
      canonicalHeaders: { host: 'example.amazonaws.com', 'x-amz-date': SUITE.longDate },
      payloadHash: EMPTY_SHA256,
    });
    expect(result.canonicalRequest.split('\n')[2]).toBe('Param1=Value1&Param1=value2');
  });

  it('encodes the received path twice and the decoded query once', async () => {
    const result = await signReceivedRequest({
      ...SUITE,
      method: 'GET',
      rawPath: "/dev/echo/caf%C3%A9/a%20b/it's",
      query: [
        ['q', '✓'],
        ['plus', 'a+b'],
        ['b', ''],
      ],
      canonicalHeaders: { host: 'h' },
      payloadHash: EMPTY_SHA256,
    });
    const [, path, query] = result.canonicalRequest.split('\n');
    expect(path).toBe('/dev/echo/caf%25C3%25A9/a%2520b/it%27s');
    expect(query).toBe('b=&plus=a%2Bb&q=%E2%9C%93');
  });
});
