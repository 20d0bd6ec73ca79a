import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { encodeCbor } from './encodeCbor.ts';

/** Flag bits of authenticator data (WebAuthn §6.1). */
const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

/** Options a test may bend to forge or break one ceremony. */
export interface CeremonyOptions {
  challenge: string;
  origin: string;
  /** Hashed into rpIdHash; defaults to the authenticator's RP ID. */
  rpId?: string;
  type?: string;
  userPresent?: boolean;
  userVerified?: boolean;
  /** Sign count to report; defaults to one more than the last. */
  signCount?: number;
  /** `none` (default) or `packed` self attestation, or any other name to be refused. */
  fmt?: string;
}

/** A credential the authenticator holds. */
export interface SoftwareCredential {
  id: Buffer;
  algorithm: -7 | -257;
  privateKey: KeyObject;
  publicKey: KeyObject;
  userHandle: string;
  signCount: number;
}

/** A discoverable-credential authenticator in software: ES256 or RS256 keys from node:crypto, `none` or packed attestation. */
export class SoftwareAuthenticator {
  readonly credentials: SoftwareCredential[] = [];

  constructor(readonly rpId = 'localhost') {}

  /** Answers CredentialCreationOptions with a RegistrationResponseJSON for a new credential. */
  create(
    options: { user: { id: string } },
    ceremony: CeremonyOptions,
    algorithm: -7 | -257 = -7,
  ): { credential: SoftwareCredential; response: Record<string, unknown> } {
    const { privateKey, publicKey } =
      algorithm === -7
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('rsa', { modulusLength: 2048 });
    const credential: SoftwareCredential = {
      id: randomBytes(16),
      algorithm,
      privateKey,
      publicKey,
      userHandle: options.user.id,
      signCount: 0,
    };
    const clientDataJSON = this.clientData('webauthn.create', ceremony);
    const authData = this.authData(ceremony, credential.signCount, this.attestedData(credential));
    const fmt = ceremony.fmt ?? 'none';
    const attStmt =
      fmt === 'none'
        ? new Map()
        : new Map<string, number | Uint8Array>([
            ['alg', algorithm],
            ['sig', this.sign(credential, authData, clientDataJSON)],
          ]);
    const attestationObject = encodeCbor(
      new Map<string, string | Uint8Array | Map<string, number | Uint8Array>>([
        ['fmt', fmt],
        ['attStmt', attStmt],
        ['authData', authData],
      ]),
    );
    this.credentials.push(credential);
    return {
      credential,
      response: {
        id: credential.id.toString('base64url'),
        rawId: credential.id.toString('base64url'),
        type: 'public-key',
        authenticatorAttachment: 'platform',
        clientExtensionResults: {},
        response: {
          clientDataJSON: clientDataJSON.toString('base64url'),
          attestationObject: attestationObject.toString('base64url'),
          transports: ['internal', 'hybrid'],
        },
      },
    };
  }

  /** Answers a credential request with an AuthenticationResponseJSON from `credential`. */
  get(credential: SoftwareCredential, ceremony: CeremonyOptions): Record<string, unknown> {
    const signCount = ceremony.signCount ?? credential.signCount + 1;
    credential.signCount = signCount;
    const clientDataJSON = this.clientData('webauthn.get', ceremony);
    const authData = this.authData(ceremony, signCount);
    return {
      id: credential.id.toString('base64url'),
      rawId: credential.id.toString('base64url'),
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        signature: this.sign(credential, authData, clientDataJSON).toString('base64url'),
        userHandle: credential.userHandle,
      },
    };
  }

  private clientData(defaultType: string, ceremony: CeremonyOptions): Buffer {
    return Buffer.from(
      JSON.stringify({
        type: ceremony.type ?? defaultType,
        challenge: ceremony.challenge,
        origin: ceremony.origin,
        crossOrigin: false,
      }),
    );
  }

  private authData(ceremony: CeremonyOptions, signCount: number, attested?: Buffer): Buffer {
    const flags =
      (ceremony.userPresent === false ? 0 : UP) |
      (ceremony.userVerified === false ? 0 : UV) |
      (attested ? AT : 0);
    const count = Buffer.alloc(4);
    count.writeUInt32BE(signCount);
    return Buffer.concat([
      createHash('sha256')
        .update(ceremony.rpId ?? this.rpId)
        .digest(),
      Buffer.from([flags]),
      count,
      attested ?? Buffer.alloc(0),
    ]);
  }

  private attestedData(credential: SoftwareCredential): Buffer {
    const jwk = credential.publicKey.export({ format: 'jwk' });
    const b = (s: string | undefined) => Buffer.from(s ?? '', 'base64url');
    const cose =
      credential.algorithm === -7
        ? new Map<number, number | Uint8Array>([
            [1, 2],
            [3, -7],
            [-1, 1],
            [-2, b(jwk.x)],
            [-3, b(jwk.y)],
          ])
        : new Map<number, number | Uint8Array>([
            [1, 3],
            [3, -257],
            [-1, b(jwk.n)],
            [-2, b(jwk.e)],
          ]);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credential.id.length);
    return Buffer.concat([Buffer.alloc(16), idLength, credential.id, encodeCbor(cose)]);
  }

  private sign(credential: SoftwareCredential, authData: Buffer, clientDataJSON: Buffer): Buffer {
    const data = Buffer.concat([authData, createHash('sha256').update(clientDataJSON).digest()]);
    // ES256 signatures are DER-encoded (WebAuthn §6.5.5), node's default for EC keys.
    return sign('sha256', data, credential.privateKey);
  }
}
