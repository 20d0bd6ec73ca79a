/** Why a WebAuthn response was refused; the Cognito operations map each to one of Cognito's error types. */
export type WebAuthnFailure =
  | 'malformed'
  | 'type'
  | 'challenge'
  | 'origin'
  | 'rp-id'
  | 'user-presence'
  | 'user-verification'
  | 'unsupported'
  | 'signature'
  | 'sign-count';

/** A registration or assertion that does not verify, with the check it failed. */
export class WebAuthnVerificationError extends Error {
  override name = 'WebAuthnVerificationError' as const;

  constructor(
    readonly code: WebAuthnFailure,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
