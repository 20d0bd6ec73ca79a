import type { lib } from 'crypto-js';
// Only the parts the SDK ships (its CryptoJS rollups hmac-sha256.js and sha256.js), not all of it.
import Hex from 'crypto-js/enc-hex';
import HmacSHA256 from 'crypto-js/hmac-sha256';
import SHA256 from 'crypto-js/sha256';

/** What the API Gateway SDK's `sigV4Client.js` needs for one request. */
export interface CryptoJsSignInput {
  method: string;
  url: string;
  /** Extra headers the app sends; all of them are signed, Content-Type included, as the SDK does. */
  headers?: Record<string, string>;
  /** The SDK sends JSON strings; `undefined` hashes as the empty payload. */
  body?: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
  service: string;
  /** `YYYYMMDDTHHMMSSZ`; now when absent. */
  datetime?: string;
}

/** RFC 3986 percent-encoding: everything but unreserved characters. */
function encodeRfc3986(text: string): string {
  return escapeReserved(encodeURIComponent(text));
}

/** Percent-encodes what `encodeURIComponent` leaves but RFC 3986 reserves. */
function escapeReserved(text: string): string {
  return text.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function hmac(key: lib.WordArray | string, value: string): lib.WordArray {
  return HmacSHA256(value, key);
}

/**
 * Signs a request the way the API Gateway SDK's `sigV4Client.js` does, with crypto-js: canonical
 * request, string to sign, and the HMAC chain recomputed for every request (the SDK keeps no key
 * cache). Unlike the SDK it also signs `x-amz-security-token` and double-encodes the path as SigV4
 * asks for non-S3 services, so its signature equals aws4fetch's for the same inputs.
 */
export function signCryptoJs(input: CryptoJsSignInput): Record<string, string> {
  const url = new URL(input.url);
  const datetime = input.datetime ?? new Date().toISOString().replace(/[:-]|\.\d{3}/g, '');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    headers[name.toLowerCase()] = value.trim().replace(/\s+/g, ' ');
  }
  headers['x-amz-date'] = datetime;
  if (input.sessionToken) headers['x-amz-security-token'] = input.sessionToken;
  const signed = { ...headers, host: url.host };
  const names = Object.keys(signed).sort();
  const signedHeaders = names.join(';');
  // The URL keeps its path percent-encoded; SigV4 encodes it once more for non-S3 services.
  const path = escapeReserved(
    encodeURIComponent(url.pathname.replace(/\/+/g, '/')).replace(/%2F/g, '/'),
  );
  const query = [...url.searchParams]
    .filter(([key]) => key !== '')
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as const)
    .sort(([k1, v1], [k2, v2]) => (k1 < k2 ? -1 : k1 > k2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = [
    input.method.toUpperCase(),
    path,
    query,
    names.map((name) => `${name}:${signed[name as keyof typeof signed]}\n`).join(''),
    signedHeaders,
    SHA256(input.body ?? '').toString(Hex),
  ].join('\n');
  const scope = `${datetime.slice(0, 8)}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    datetime,
    scope,
    SHA256(canonicalRequest).toString(Hex),
  ].join('\n');
  const kDate = hmac(`AWS4${input.secretAccessKey}`, datetime.slice(0, 8));
  const kSigning = hmac(hmac(hmac(kDate, input.region), input.service), 'aws4_request');
  const signature = hmac(kSigning, stringToSign).toString(Hex);
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${input.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}
