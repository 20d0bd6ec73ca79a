import { createHash, timingSafeEqual } from 'node:crypto';
import type { EmulatorState, IssuedCredentials } from '../EmulatorState.ts';
import { formatAmzDate, parseAmzDate } from './amzDate.ts';
import { hasSignature, parseSignature } from './parseSignature.ts';
import type { ReceivedRequest } from './ReceivedRequest.ts';
import { signReceivedRequest } from './signReceivedRequest.ts';
import {
  SignatureRejection,
  SIGNATURE_MISMATCH_TEXT,
  skewText,
  type ClockSkew,
} from './SignatureRejection.ts';

/** What a service's SigV4 check expects beyond the signature itself. */
export interface SigV4Expectations {
  /** The service name the credential scope must name, e.g. `execute-api`, `lambda`, `appsync`. */
  service: string;
  /**
   * Whether a request with a body must carry `x-amz-content-sha256` (Lambda Function URLs: "If you
   * use PUT or POST methods with your Lambda function URL, your users must include the payload hash
   * value of the request body in the x-amz-content-sha256 header", per
   * https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html and the CloudFront OAC guide
   * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-lambda.html).
   * Without it the service computes another signature: a `bad-signature` rejection.
   */
  requirePayloadHashHeader?: boolean;
}

/** How far X-Amz-Date may be from the server's clock either way; AWS allows 5 minutes. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * Verifies a request's SigV4 signature for a service and returns the credentials that signed it, or
 * throws a SignatureRejection (its kind in brackets below, its text API Gateway's). Checks run in this order, the
 * order AWS's own front end shows in real traces (parsing before scope, scope and time before the
 * key lookup, the key lookup before the signature):
 * 1. no Authorization header and no presigned query [missing];
 * 2. malformed header or query, missing parts or date [incomplete];
 * 3. X-Amz-Date not in ISO 8601 basic form [incomplete];
 * 4. credential not `key/date/region/service/aws4_request` [incomplete];
 * 5. wrong region, service or terminator; scope date not the request's [bad-scope];
 * 6. `host` not signed [incomplete];
 * 7. date more than 5 minutes off (or past a presigned X-Amz-Expires) [clock-skew];
 * 8. unknown key, wrong or missing session token, revoked [invalid-token];
 * 9. credentials expired [expired-token];
 * 10. signature differs, or a required payload hash header is absent [bad-signature], with the
 *     canonical request and string to sign.
 */
export async function verifySigV4(
  request: ReceivedRequest,
  state: EmulatorState,
  expected: SigV4Expectations,
): Promise<IssuedCredentials> {
  if (!hasSignature(request))
    throw new SignatureRejection('missing', 'Missing Authentication Token');
  const fields = parseSignature(request);

  const requestMs = parseAmzDate(fields.date);
  if (requestMs === undefined) {
    throw new SignatureRejection(
      'incomplete',
      `Date must be in ISO-8601 'basic format'. Got '${fields.date}'. See http://en.wikipedia.org/wiki/ISO_8601`,
    );
  }

  const scope = fields.credential.split('/');
  if (scope.length !== 5) {
    throw new SignatureRejection(
      'incomplete',
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${fields.credential}'`,
    );
  }
  const [accessKeyId, shortDate, region, service, terminator] = scope as [
    string,
    string,
    string,
    string,
    string,
  ];
  let scopeError = '';
  if (region !== state.settings.region)
    scopeError += 'Credential should be scoped to a valid region. ';
  if (service !== expected.service)
    scopeError += `Credential should be scoped to correct service: '${expected.service}'. `;
  if (terminator !== 'aws4_request')
    scopeError += `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `;
  if (scopeError) throw new SignatureRejection('bad-scope', scopeError);
  if (shortDate !== fields.date.slice(0, 8)) {
    throw new SignatureRejection(
      'bad-scope',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${shortDate}' != '${fields.date.slice(0, 8)}', from '${fields.date}'.`,
    );
  }

  if (!fields.signedHeaders.includes('host')) {
    throw new SignatureRejection(
      'incomplete',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  }

  checkTime(fields.date, requestMs, fields.expiresSeconds, state.now());

  const credentials = state.credentials.get(accessKeyId);
  if (
    !credentials ||
    credentials.revoked ||
    fields.securityToken === undefined ||
    fields.securityToken !== credentials.sessionToken
  ) {
    throw new SignatureRejection(
      'invalid-token',
      'The security token included in the request is invalid.',
    );
  }
  if (credentials.expiresAt <= state.now()) {
    throw new SignatureRejection(
      'expired-token',
      'The security token included in the request is expired',
    );
  }

  // execute-api always hashes the body itself: no UNSIGNED-PAYLOAD, no streaming chunks (those are
  // S3's). A client that claims another hash in x-amz-content-sha256 signed another payload line.
  const payloadHash = createHash('sha256').update(request.body).digest('hex');
  const claimedHash = request.headers.get('x-amz-content-sha256')?.[0];

  const result = await signReceivedRequest({
    method: request.method,
    rawPath: request.rawPath,
    query: request.query,
    canonicalHeaders: canonicalHeaders(request, fields.signedHeaders),
    payloadHash,
    longDate: fields.date,
    shortDate,
    region,
    service,
    accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
  });
  const hashMissing =
    expected.requirePayloadHashHeader === true &&
    request.body.length > 0 &&
    claimedHash === undefined;
  if (
    !sameHex(result.signature, fields.signature) ||
    (claimedHash !== undefined && claimedHash !== payloadHash) ||
    hashMissing
  ) {
    throw new SignatureRejection('bad-signature', SIGNATURE_MISMATCH_TEXT, {
      mismatch: { canonicalRequest: result.canonicalRequest, stringToSign: result.stringToSign },
    });
  }
  return credentials;
}

function checkTime(
  date: string,
  requestMs: number,
  expiresSeconds: number | undefined,
  nowMs: number,
): void {
  const now = Math.floor(nowMs / 1000) * 1000;
  const skew = (direction: ClockSkew['direction'], limitMs: number, window: string) => {
    const details: ClockSkew = {
      direction,
      requestDate: date,
      limitDate: formatAmzDate(limitMs),
      serverDate: formatAmzDate(now),
      window,
    };
    return new SignatureRejection('clock-skew', skewText(details), { skew: details });
  };
  if (requestMs > now + CLOCK_SKEW_MS) throw skew('future', now + CLOCK_SKEW_MS, '5 min.');
  if (expiresSeconds !== undefined) {
    if (requestMs + expiresSeconds * 1000 < now) {
      throw skew('past', now - expiresSeconds * 1000, `${expiresSeconds} sec.`);
    }
  } else if (requestMs < now - CLOCK_SKEW_MS) {
    throw skew('past', now - CLOCK_SKEW_MS, '5 min.');
  }
}

/** Signed headers' canonical values: repeated headers joined by ',', whitespace runs collapsed. */
function canonicalHeaders(request: ReceivedRequest, signed: string[]): Record<string, string> {
  const canonical: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const name of signed) {
    if (name === '') continue;
    const values = request.headers.get(name) ?? [];
    canonical[name] = values.map((value) => value.trim().replace(/\s+/g, ' ')).join(',');
  }
  return canonical;
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a.toLowerCase());
  const right = Buffer.from(b.toLowerCase());
  return left.length === right.length && timingSafeEqual(left, right);
}
