import { createHash, timingSafeEqual } from 'node:crypto';
import type { EmulatorState, IssuedCredentials } from '../EmulatorState.ts';
import {
  expiredToken,
  incompleteSignature,
  invalidSignature,
  missingAuthenticationToken,
  unrecognizedClient,
} from './ApiGatewayError.ts';
import { formatAmzDate, parseAmzDate } from './amzDate.ts';
import { hasSignature, parseSignature } from './parseSignature.ts';
import type { ReceivedRequest } from './ReceivedRequest.ts';
import { signReceivedRequest } from './signReceivedRequest.ts';

/** The service name API Gateway's IAM authorization expects in the credential scope. */
export const SERVICE = 'execute-api';

/** How far X-Amz-Date may be from the server's clock either way; AWS allows 5 minutes. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * Verifies a request's SigV4 signature and returns the credentials that signed it, or throws an
 * ApiGatewayError with API Gateway's status, error type and text. Checks run in this order, the
 * order AWS's own front end shows in real traces (parsing before scope, scope and time before the
 * key lookup, the key lookup before the signature):
 * 1. no Authorization header and no presigned query: MissingAuthenticationToken;
 * 2. malformed header or query, missing parts or date: IncompleteSignature;
 * 3. X-Amz-Date not in ISO 8601 basic form: IncompleteSignature;
 * 4. credential not `key/date/region/service/aws4_request`: IncompleteSignature;
 * 5. wrong region, service or terminator: InvalidSignature; scope date not the request's: InvalidSignature;
 * 6. `host` not signed: IncompleteSignature;
 * 7. date more than 5 minutes off (or past a presigned X-Amz-Expires): InvalidSignature;
 * 8. unknown key, wrong or missing session token, revoked: UnrecognizedClient;
 * 9. credentials expired: ExpiredToken;
 * 10. signature differs: InvalidSignature, with the canonical request and string to sign.
 */
export async function verifySignature(
  request: ReceivedRequest,
  state: EmulatorState,
): Promise<IssuedCredentials> {
  if (!hasSignature(request)) throw missingAuthenticationToken();
  const fields = parseSignature(request);

  const requestMs = parseAmzDate(fields.date);
  if (requestMs === undefined) {
    throw incompleteSignature(
      `Date must be in ISO-8601 'basic format'. Got '${fields.date}'. See http://en.wikipedia.org/wiki/ISO_8601`,
    );
  }

  const scope = fields.credential.split('/');
  if (scope.length !== 5) {
    throw incompleteSignature(
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
  if (service !== SERVICE)
    scopeError += `Credential should be scoped to correct service: '${SERVICE}'. `;
  if (terminator !== 'aws4_request')
    scopeError += `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `;
  if (scopeError) throw invalidSignature(scopeError);
  if (shortDate !== fields.date.slice(0, 8)) {
    throw invalidSignature(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${shortDate}' != '${fields.date.slice(0, 8)}', from '${fields.date}'.`,
    );
  }

  if (!fields.signedHeaders.includes('host')) {
    throw incompleteSignature(
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
    throw unrecognizedClient();
  }
  if (credentials.expiresAt <= state.now()) throw expiredToken();

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
  if (
    !sameHex(result.signature, fields.signature) ||
    (claimedHash !== undefined && claimedHash !== payloadHash)
  ) {
    throw invalidSignature(
      'The request signature we calculated does not match the signature you provided. ' +
        'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.' +
        `\n\nThe Canonical String for this request should have been\n'${result.canonicalRequest}'` +
        `\n\nThe String-to-Sign should have been\n'${result.stringToSign}'\n`,
    );
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
  if (requestMs > now + CLOCK_SKEW_MS) {
    throw invalidSignature(
      `Signature not yet current: ${date} is still later than ${formatAmzDate(now + CLOCK_SKEW_MS)} (${formatAmzDate(now)} + 5 min.)`,
    );
  }
  if (expiresSeconds !== undefined) {
    if (requestMs + expiresSeconds * 1000 < now) {
      throw invalidSignature(
        `Signature expired: ${date} is now earlier than ${formatAmzDate(now - expiresSeconds * 1000)} (${formatAmzDate(now)} - ${expiresSeconds} sec.)`,
      );
    }
  } else if (requestMs < now - CLOCK_SKEW_MS) {
    throw invalidSignature(
      `Signature expired: ${date} is now earlier than ${formatAmzDate(now - CLOCK_SKEW_MS)} (${formatAmzDate(now)} - 5 min.)`,
    );
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
