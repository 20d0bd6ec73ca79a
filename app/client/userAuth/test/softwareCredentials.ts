import { SoftwareAuthenticator } from '../../../../emulator/cognito/test/softwareAuthenticator.ts';
import { TEST_ORIGIN } from '../../../../emulator/cognito/test/passkeyTestHelpers.ts';
import type { CredentialsLike } from '../passkeyCeremony.ts';

/** What a test may make the stand-in browser do instead of running a ceremony. */
export interface SoftwareCredentialsControl {
  /** The next ceremony fails with this DOMException name (e.g. NotAllowedError: the person cancelled). */
  failNext?: string;
  /** Every ceremony the page asked for, in order. */
  readonly ceremonies: Array<'create' | 'get'>;
}

function bytes(source: BufferSource): Buffer {
  return ArrayBuffer.isView(source)
    ? Buffer.from(source.buffer, source.byteOffset, source.byteLength)
    : Buffer.from(source);
}

function buffer(base64url: string): ArrayBuffer {
  const b = Buffer.from(base64url, 'base64url');
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
}

interface ResponseJson {
  id: string;
  rawId: string;
  type: string;
  authenticatorAttachment: string;
  response: Record<string, string | string[]>;
}

/**
 * `navigator.credentials` as a browser would offer it over the emulator tests' software
 * authenticator: binary options in, PublicKeyCredential-shaped objects (ArrayBuffers) out, with the
 * browser's DOMExceptions for an unknown relying party, no matching passkey or an excluded one.
 */
export function softwareCredentials(
  authenticator = new SoftwareAuthenticator(),
  origin = TEST_ORIGIN,
): CredentialsLike & SoftwareCredentialsControl {
  const ceremonies: Array<'create' | 'get'> = [];
  const control: SoftwareCredentialsControl & CredentialsLike = {
    ceremonies,
    async create(options?: CredentialCreationOptions) {
      ceremonies.push('create');
      const publicKey = start(control, options?.publicKey);
      if (publicKey.rp.id !== undefined && publicKey.rp.id !== authenticator.rpId) {
        throw new DOMException('The RP ID is not valid for this origin.', 'SecurityError');
      }
      const held = (publicKey.excludeCredentials ?? []).some((d) =>
        authenticator.credentials.some((c) => c.id.equals(bytes(d.id))),
      );
      if (held) throw new DOMException('A passkey for this account exists.', 'InvalidStateError');
      const { response } = authenticator.create(
        { user: { id: bytes(publicKey.user.id).toString('base64url') } },
        { challenge: bytes(publicKey.challenge).toString('base64url'), origin },
      );
      const json = response as unknown as ResponseJson;
      return credential(json, {
        clientDataJSON: buffer(json.response.clientDataJSON as string),
        attestationObject: buffer(json.response.attestationObject as string),
        getTransports: () => json.response.transports as string[],
      });
    },
    async get(options?: CredentialRequestOptions) {
      ceremonies.push('get');
      const publicKey = start(control, options?.publicKey);
      const allowed = publicKey.allowCredentials ?? [];
      const match = authenticator.credentials.find(
        (c) =>
          (publicKey.rpId ?? authenticator.rpId) === authenticator.rpId &&
          (allowed.length === 0 || allowed.some((d) => c.id.equals(bytes(d.id)))),
      );
      // Browsers answer "no passkey here" exactly as "cancelled", so a page cannot probe for accounts.
      if (!match)
        throw new DOMException(
          'The operation either timed out or was not allowed.',
          'NotAllowedError',
        );
      const json = authenticator.get(match, {
        challenge: bytes(publicKey.challenge).toString('base64url'),
        origin,
      }) as unknown as ResponseJson;
      const r = json.response as Record<string, string>;
      return credential(json, {
        clientDataJSON: buffer(r.clientDataJSON!),
        authenticatorData: buffer(r.authenticatorData!),
        signature: buffer(r.signature!),
        userHandle: r.userHandle ? buffer(r.userHandle) : null,
      });
    },
  };
  return control;
}

function start<T>(control: SoftwareCredentialsControl, publicKey: T | undefined): T {
  const failure = control.failNext;
  if (failure) {
    control.failNext = undefined;
    throw new DOMException(`The ceremony failed (${failure}).`, failure);
  }
  if (!publicKey) throw new TypeError('Only publicKey ceremonies are supported.');
  return publicKey;
}

function credential(json: ResponseJson, response: object): Credential {
  return {
    id: json.id,
    rawId: buffer(json.rawId),
    type: json.type,
    authenticatorAttachment: json.authenticatorAttachment,
    response,
    getClientExtensionResults: () => ({}),
  } as unknown as Credential;
}
