import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import {
  coseKeyToKeyObject,
  decodeCbor,
  isAllowedWebAuthnOrigin,
  parseAuthenticatorData,
  readCredentialJson,
  verifyAssertion,
  verifyRegistration,
  type CeremonyExpectation,
} from '../webauthn/index.ts';
import { encodeCbor } from './encodeCbor.ts';
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

  it('parses flags, sign count and extensions of authenticator data', () => {
    const rpIdHash = createHash('sha256').update('localhost').digest();
    const extensions = encodeCbor(new Map([['credProtect', 2]]));
    const bytes = Buffer.concat([rpIdHash, Buffer.from([0x9d, 0, 0, 1, 2]), extensions]);
    const data = parseAuthenticatorData(bytes);
    expect(data.flags).toEqual({
      userPresent: true,
      userVerified: true,
      backupEligible: true,
      backedUp: true,
      attestedCredentialData: false,
      extensionData: true,
    });
    expect(data.signCount).toBe(258);
    expect(data.extensions).toEqual(new Map([['credProtect', 2]]));
    expect(Buffer.from(data.rpIdHash).equals(rpIdHash)).toBe(true);
  });

  it.each([
    ['fewer than 37 bytes', Buffer.alloc(36)],
    ['BS without BE', Buffer.concat([Buffer.alloc(32), Buffer.from([0x11, 0, 0, 0, 0])])],
    [
      'bytes after the flagged parts',
      Buffer.concat([Buffer.alloc(32), Buffer.from([0x01, 0, 0, 0, 0, 7])]),
    ],
  ])('refuses authenticator data with %s', (_, bytes) => {
    expect(() => parseAuthenticatorData(bytes)).toThrow(
      expect.objectContaining({ code: 'malformed' }),
    );
  });

  it('refuses COSE keys of algorithms other than ES256 and RS256', () => {
    const ed25519 = decodeCbor(
      encodeCbor(
        new Map<number, number | Uint8Array>([
          [1, 1],
          [3, -8],
          [-1, 6],
          [-2, new Uint8Array(32)],
        ]),
      ),
    );
    expect(() => coseKeyToKeyObject(ed25519)).toThrow(
      expect.objectContaining({ code: 'unsupported' }),
    );
    const wrongCurve = decodeCbor(
      encodeCbor(
        new Map<number, number | Uint8Array>([
          [1, 2],
          [3, -7],
          [-1, 2],
          [-2, new Uint8Array(32)],
          [-3, new Uint8Array(32)],
        ]),
      ),
    );
    expect(() => coseKeyToKeyObject(wrongCurve)).toThrow(
      expect.objectContaining({ code: 'unsupported' }),
    );
  });
});
