import { describe, expect, it } from 'vitest';
import {
  isAllowedWebAuthnOrigin,
  readCredentialJson,
  verifyAssertion,
  verifyRegistration,
  type CeremonyExpectation,
} from '../webauthn/index.ts';
import { SoftwareAuthenticator } from './softwareAuthenticator.ts';

const ORIGIN = 'http://localhost:5173';
const user = { id: Buffer.from('user-1').toString('base64url') };
const options = { user };

function expectation(challenge: string, overrides: Partial<CeremonyExpectation> = {}) {
  return {
    challenge,
    rpId: 'localhost',
    isOriginAllowed: (origin: string) => isAllowedWebAuthnOrigin(origin, 'localhost'),
    requireUserVerification: false,
    ...overrides,
  };
}

describe('WebAuthn verification', () => {
  it('registers an ES256 key under attestation none and verifies its assertions', () => {
    const authenticator = new SoftwareAuthenticator();
    const { credential, response } = authenticator.create(options, {
      challenge: 'c1',
      origin: ORIGIN,
    });
    const registered = verifyRegistration(response, expectation('c1'));
    expect(registered).toMatchObject({ algorithm: -7, attestationFormat: 'none', signCount: 0 });
    expect(registered.credentialId).toBe(credential.id.toString('base64url'));

    const assertion = authenticator.get(credential, { challenge: 'c2', origin: ORIGIN });
    const verified = verifyAssertion(readCredentialJson(assertion), registered, expectation('c2'));
    expect(verified).toMatchObject({ signCount: 1, userVerified: true, userHandle: user.id });
  });

  it('verifies packed self attestation and an RS256 key', () => {
    const authenticator = new SoftwareAuthenticator();
    const { credential, response } = authenticator.create(
      options,
      { challenge: 'c1', origin: ORIGIN, fmt: 'packed' },
      -257,
    );
    const registered = verifyRegistration(response, expectation('c1'));
    expect(registered).toMatchObject({ algorithm: -257, attestationFormat: 'packed' });
    const assertion = authenticator.get(credential, { challenge: 'c2', origin: ORIGIN });
    expect(
      verifyAssertion(readCredentialJson(assertion), registered, expectation('c2')),
    ).toBeTruthy();
  });

  it('refuses attestation formats other than none and packed', () => {
    const { response } = new SoftwareAuthenticator().create(options, {
      challenge: 'c1',
      origin: ORIGIN,
      fmt: 'tpm',
    });
    expect(() => verifyRegistration(response, expectation('c1'))).toThrow(
      expect.objectContaining({ code: 'unsupported' }),
    );
  });

  it('refuses an assertion whose signature was made over other data', () => {
    const authenticator = new SoftwareAuthenticator();
    const { credential, response } = authenticator.create(options, {
      challenge: 'c1',
      origin: ORIGIN,
    });
    const registered = verifyRegistration(response, expectation('c1'));
    const assertion = authenticator.get(credential, { challenge: 'c2', origin: ORIGIN });
    const other = authenticator.get(credential, { challenge: 'c3', origin: ORIGIN });
    const forged = {
      ...assertion,
      response: {
        ...(assertion.response as object),
        signature: (other.response as { signature: string }).signature,
      },
    };
    expect(() =>
      verifyAssertion(readCredentialJson(forged), registered, expectation('c2')),
    ).toThrow(expect.objectContaining({ code: 'signature' }));
  });

  it('allows localhost on any port and the RP ID host by default, nothing else', () => {
    expect(isAllowedWebAuthnOrigin('http://localhost:4173', 'localhost')).toBe(true);
    expect(isAllowedWebAuthnOrigin('https://app.example.com', 'example.com')).toBe(true);
    expect(isAllowedWebAuthnOrigin('http://127.0.0.1:4173', 'localhost')).toBe(false);
    expect(isAllowedWebAuthnOrigin('https://evil.com', 'example.com')).toBe(false);
    expect(isAllowedWebAuthnOrigin('https://notexample.com', 'example.com')).toBe(false);
    expect(isAllowedWebAuthnOrigin('https://a.test', 'localhost', ['https://a.test'])).toBe(true);
    expect(isAllowedWebAuthnOrigin('http://localhost:1', 'localhost', ['https://a.test'])).toBe(
      false,
    );
  });
});
