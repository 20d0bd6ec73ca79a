import { AwsV4Signer } from 'aws4fetch';
import { describe, expect, it } from 'vitest';
import { signCryptoJs, type CryptoJsSignInput } from '../sigV4ClientCryptoJs.ts';

const CREDENTIALS = {
  accessKeyId: 'ASIAEXAMPLEKEY000001',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'FwoGZXIvYXdzEXAMPLE//token+with/odd=chars',
  region: 'us-east-1',
  service: 'execute-api',
  datetime: '20250102T030405Z',
};

async function aws4fetchAuthorization(input: CryptoJsSignInput): Promise<string | null> {
  // The SDK signs every header it sends, Content-Type included; aws4fetch only when asked.
  const signer = new AwsV4Signer({ ...input, headers: input.headers ?? {}, allHeaders: true });
  const { headers } = await signer.sign();
  return headers.get('authorization');
}

describe('signCryptoJs', () => {
  const cases: Array<[string, Partial<CryptoJsSignInput>]> = [
    ['a GET without query', { method: 'GET', url: 'https://api.example.com/dev/echo/bench' }],
    [
      'a GET with a query of repeated keys, spaces, plus signs and unicode',
      { method: 'GET', url: 'https://api.example.com/dev/echo/a?b=2&a=1&a=0&q=x%20y&p=1%2B2&u=✓' },
    ],
    [
      'a path with spaces and unicode',
      { method: 'GET', url: 'http://127.0.0.1:9230/dev/echo/a%20b/caf%C3%A9' },
    ],
    [
      'a POST with a JSON body and app headers',
      {
        method: 'POST',
        url: 'https://api.example.com/dev/notes',
        headers: { 'Content-Type': 'application/json', 'X-Trace': '  a   b ' },
        body: JSON.stringify({ text: 'héllo', n: 1 }),
      },
    ],
  ];
  for (const [name, request] of cases) {
    it(`signs ${name} exactly as aws4fetch does`, async () => {
      const input = { ...CREDENTIALS, method: 'GET', url: '', ...request };
      expect(signCryptoJs(input).authorization).toBe(await aws4fetchAuthorization(input));
    });
  }

  it('returns the date and session token headers it signed', () => {
    const headers = signCryptoJs({ ...CREDENTIALS, method: 'GET', url: 'https://a.example/x' });
    expect(headers['x-amz-date']).toBe(CREDENTIALS.datetime);
    expect(headers['x-amz-security-token']).toBe(CREDENTIALS.sessionToken);
    expect(headers.authorization).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,');
  });
});
