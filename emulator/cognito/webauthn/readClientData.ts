import { decodeBase64Url } from './decodeBase64Url.ts';
import { WebAuthnVerificationError } from './WebAuthnVerificationError.ts';

/** The client data a browser signs over (WebAuthn §5.8.1), with its raw bytes. */
export interface ClientData {
  type: string;
  /** base64url, as the relying party issued it. */
  challenge: string;
  origin: string;
  crossOrigin: boolean;
  bytes: Buffer;
}

/** Parses the base64url `clientDataJSON` of a registration or assertion response. */
export function readClientData(clientDataJSON: unknown): ClientData {
  const bytes = decodeBase64Url(clientDataJSON, 'response.clientDataJSON');
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new WebAuthnVerificationError('malformed', 'clientDataJSON is not JSON', {
      cause: error,
    });
  }
  if (parsed === null || typeof parsed !== 'object') {
    throw new WebAuthnVerificationError('malformed', 'clientDataJSON is not a JSON object');
  }
  const { type, challenge, origin, crossOrigin } = parsed as Record<string, unknown>;
  if (typeof type !== 'string' || typeof challenge !== 'string' || typeof origin !== 'string') {
    throw new WebAuthnVerificationError(
      'malformed',
      'clientDataJSON needs string type, challenge and origin',
    );
  }
  return { type, challenge, origin, crossOrigin: crossOrigin === true, bytes };
}
