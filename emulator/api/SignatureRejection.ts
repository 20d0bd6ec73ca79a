/**
 * Why a SigV4 check refused a request, in no service's words. Each server renders it in its own
 * service's status, headers and body (`ApiGatewayError` for the REST stage, Lambda's, AppSync's…).
 * `message` is the text AWS's shared SigV4 front end uses for the case, which most services pass on.
 */
export type SignatureRejectionKind =
  /** No Authorization header and no presigned query. */
  | 'missing'
  /** A malformed header or query, a missing part, a bad date, `host` not signed. */
  | 'incomplete'
  /** Wrong region, service or terminator, or a scope date that is not the request's. */
  | 'bad-scope'
  /** X-Amz-Date more than 5 minutes off the server's clock (or past a presigned expiry). */
  | 'clock-skew'
  /** Unknown access key, a wrong or missing session token, revoked credentials. */
  | 'invalid-token'
  /** Credentials past their expiry. */
  | 'expired-token'
  /** The signature (or the claimed payload hash) differs from the one the server computes. */
  | 'bad-signature';

/** The three stamps of AWS's skew texts, all in ISO 8601 basic form. */
export interface ClockSkew {
  /** Whether the request was signed too far in the past or in the future. */
  direction: 'past' | 'future';
  /** The request's X-Amz-Date. */
  requestDate: string;
  /** The server's clock minus (past) or plus (future) the allowed window. */
  limitDate: string;
  /** The server's clock. */
  serverDate: string;
  /** The window as AWS's text says it: `5 min.` or `<n> sec.` for a presigned URL. */
  window: string;
}

/** The canonical request and string to sign the server computed, for a signature mismatch. */
export interface SignatureMismatch {
  canonicalRequest: string;
  stringToSign: string;
}

/** A refused signature: its kind, AWS's text for it and the details some services quote. */
export class SignatureRejection extends Error {
  override name = 'SignatureRejection' as const;
  constructor(
    readonly kind: SignatureRejectionKind,
    message: string,
    readonly details: { skew?: ClockSkew; mismatch?: SignatureMismatch } = {},
  ) {
    super(message);
  }
}

/** AWS's text for a signature mismatch, without the canonical request some services append. */
export const SIGNATURE_MISMATCH_TEXT =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** AWS's skew text, e.g. `Signature expired: <date> is now earlier than <date> (<now> - 5 min.)`. */
export function skewText(skew: ClockSkew): string {
  return skew.direction === 'future'
    ? `Signature not yet current: ${skew.requestDate} is still later than ${skew.limitDate} (${skew.serverDate} + ${skew.window})`
    : `Signature expired: ${skew.requestDate} is now earlier than ${skew.limitDate} (${skew.serverDate} - ${skew.window})`;
}

/** API Gateway's mismatch text: the short text, then the canonical request and string to sign. */
export function mismatchWithCanonical(mismatch: SignatureMismatch): string {
  return (
    SIGNATURE_MISMATCH_TEXT +
    `\n\nThe Canonical String for this request should have been\n'${mismatch.canonicalRequest}'` +
    `\n\nThe String-to-Sign should have been\n'${mismatch.stringToSign}'\n`
  );
}
