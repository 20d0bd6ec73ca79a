import type { Rejection } from './ServiceDialect.ts';

/** An AWS refusal as read from its answer: the error type and the message, either possibly empty. */
export interface AwsError {
  type: string;
  message: string;
}

/**
 * Error types that mean the credentials themselves were refused: ended (`ExpiredTokenException`)
 * or not known to AWS (`UnrecognizedClientException`, e.g. a session token from before a sign-out).
 */
const CREDENTIALS_REFUSED_TYPES = new Set(['ExpiredTokenException', 'UnrecognizedClientException']);
/**
 * The same in words, for services that answer without a usable error type (HTTP APIs send only a
 * `message`; AppSync files both under `UnauthorizedException`). These are STS's texts, which every
 * service repeats: "The security token included in the request is expired" / "… is invalid."
 */
const CREDENTIALS_REFUSED_MESSAGE =
  /^The security token included in the request is (?:expired|invalid)/;
/**
 * SigV4's clock-skew texts, the same wherever AWS checks the signature, e.g.
 * "Signature expired: 20261203T120000Z is now earlier than 20261203T121000Z (20261203T121500Z - 5 min.)"
 * and "Signature not yet current: A is still later than B (C + 5 min.)"; C is AWS's time.
 */
const SKEW_MESSAGE = /^Signature (?:expired|not yet current): .*\((\d{8}T\d{6}Z) [+-] \d+ min\.\)/;

/**
 * What an AWS refusal says went wrong. A refusal it cannot read (an app's own 403, a signature
 * mismatch, a policy denial) is `other`: the app gets it as it came, since retrying cannot help.
 */
export function classifyAwsError({ type, message }: AwsError, response: Response): Rejection {
  if (CREDENTIALS_REFUSED_TYPES.has(type) || CREDENTIALS_REFUSED_MESSAGE.test(message)) {
    return { reason: 'credentials-refused' };
  }
  const stamp = SKEW_MESSAGE.exec(message)?.[1];
  if (stamp === undefined) return { reason: 'other' };
  return { reason: 'clock-skew', serverTime: stampTime(stamp) ?? headerTime(response) };
}

/**
 * The error type from `x-amzn-ErrorType` (API Gateway and Lambda; real AWS may append
 * `:http://internal.amazon.com/coral/…`) and the message from a JSON body's `message` or `Message`.
 */
export async function readAwsJsonError(response: Response): Promise<AwsError> {
  const type = errorTypeHeader(response);
  const body = await readJson(response);
  const message = body?.message ?? body?.Message;
  return { type, message: typeof message === 'string' ? message : '' };
}

/** The error type in `x-amzn-ErrorType`, without the `:http://internal.amazon.com/coral/…` AWS may add. */
export function errorTypeHeader(response: Response): string {
  return (response.headers.get('x-amzn-ErrorType') ?? '').split(':')[0] ?? '';
}

/** A JSON object body, read from a clone so the app still gets the body; undefined otherwise. */
export async function readJson(response: Response): Promise<Record<string, unknown> | undefined> {
  try {
    const body: unknown = await response.clone().json();
    return typeof body === 'object' && body !== null
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The time in a SigV4 stamp such as `20261203T120000Z`. */
function stampTime(stamp: string): number | undefined {
  const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`;
  const time = Date.parse(iso);
  return Number.isFinite(time) ? time : undefined;
}

function headerTime(response: Response): number | undefined {
  const date = Date.parse(response.headers.get('Date') ?? '');
  return Number.isFinite(date) ? date : undefined;
}
