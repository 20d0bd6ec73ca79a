import type { EmulatorSettings } from '../settings.ts';
import { isAllowedWebAuthnOrigin, type CeremonyExpectation } from './webauthn/index.ts';

/** What a passkey ceremony must show under the emulator's settings, for the challenge it was issued. */
export function webAuthnExpectation(
  settings: EmulatorSettings,
  challenge: string,
): CeremonyExpectation {
  const rpId = settings.webAuthnRelyingPartyId;
  return {
    challenge,
    rpId,
    isOriginAllowed: (origin) =>
      isAllowedWebAuthnOrigin(origin, rpId, settings.webAuthnAllowedOrigins),
    requireUserVerification: settings.webAuthnUserVerification === 'required',
  };
}
