import { Sha256 } from '@aws-crypto/sha256-js';
import { ALGORITHM_IDENTIFIER, SignatureV4, getSigningKey } from '@smithy/signature-v4';
import type { HeaderBag, HttpRequest } from '@smithy/types';
import type { QueryPair } from './parseQuery.ts';

/** What the signature covers, as the server recomputes it from the received request. */
export interface SigningInput {
  method: string;
  /** Received (still percent-encoded) path; smithy encodes it again, the non-S3 rule. */
  rawPath: string;
  /** Decoded query pairs; smithy RFC 3986-encodes and sorts them. */
  query: QueryPair[];
  /** Canonical header values by lowercase name, only the signed ones. */
  canonicalHeaders: Record<string, string>;
  payloadHash: string;
  /** `X-Amz-Date` form, e.g. `20261126T021500Z`. */
  longDate: string;
  shortDate: string;
  region: string;
  service: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** The server's view of a signature: the strings it signed and the hex signature. */
export interface SigningResult {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

/**
 * smithy's `SignatureV4.sign()` builds its own headers, date and payload hash, so it cannot sign a
 * request "as received"; its canonical-request and string-to-sign steps are reused instead, which
 * keeps the check independent of aws4fetch.
 */
class ReceivedRequestSigner extends SignatureV4 {
  canonicalRequestOf(request: HttpRequest, headers: HeaderBag, payloadHash: string): string {
    return this.createCanonicalRequest(request, headers, payloadHash);
  }

  stringToSignOf(longDate: string, scope: string, canonicalRequest: string): Promise<string> {
    return this.createStringToSign(longDate, scope, canonicalRequest, ALGORITHM_IDENTIFIER);
  }
}

/** Recomputes the SigV4 signature of a received request with `@smithy/signature-v4`. */
export async function signReceivedRequest(input: SigningInput): Promise<SigningResult> {
  const credentials = { accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey };
  const signer = new ReceivedRequestSigner({
    credentials,
    region: input.region,
    service: input.service,
    sha256: Sha256,
    uriEscapePath: true,
  });
  const query: Record<string, string | string[]> = Object.create(null) as Record<
    string,
    string | string[]
  >;
  for (const [key, value] of input.query) {
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else query[key] = [existing, value];
  }
  const request: HttpRequest = {
    method: input.method,
    protocol: 'http:',
    hostname: input.canonicalHeaders.host ?? '',
    path: input.rawPath,
    query,
    headers: input.canonicalHeaders,
  };
  const canonicalRequest = signer.canonicalRequestOf(
    request,
    input.canonicalHeaders,
    input.payloadHash,
  );
  const scope = `${input.shortDate}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = await signer.stringToSignOf(input.longDate, scope, canonicalRequest);
  const key = await getSigningKey(
    Sha256,
    credentials,
    input.shortDate,
    input.region,
    input.service,
  );
  const hmac = new Sha256(key);
  hmac.update(stringToSign);
  const signature = Buffer.from(await hmac.digest()).toString('hex');
  return { canonicalRequest, stringToSign, signature };
}
