import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { EmulatorState, IssuedCredentials } from '../EmulatorState.ts';
import { CognitoServiceError } from './CognitoServiceError.ts';
import { IdentityStore, type StoredIdentity } from './IdentityStore.ts';
import { constraintError, optionalStringMap, requireString, type Input } from './readInput.ts';
import type { SigningKey } from './SigningKey.ts';
import { stableUuid } from './stableUuid.ts';
import { verifyLoginToken } from './verifyLoginToken.ts';

/** Identity and identity pool ids: the Identity Pool API model's pattern and maximum length. */
const ID_PATTERN = /^[\w-]+:[0-9a-f-]+$/;
const MAX_ID_LENGTH = 55;

/** Characters of an access key id after `ASIA`, the prefix of temporary credentials. */
const ACCESS_KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Random bytes behind a session token; real ones run to several hundred base64 characters. */
const SESSION_TOKEN_BYTES = 480;

const LOGINS_DONT_MATCH =
  "Logins don't match. Please include at least one valid login for this identity or identity pool.";
const NO_GUESTS = 'Unauthenticated access is not supported for this identity pool.';

function checkId(field: string, value: string): void {
  if (value.length > MAX_ID_LENGTH) {
    throw constraintError(
      'ValidationException',
      field,
      value,
      `Member must have length less than or equal to ${MAX_ID_LENGTH}`,
    );
  }
  if (!ID_PATTERN.test(value)) {
    throw constraintError(
      'ValidationException',
      field,
      value,
      'Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+',
    );
  }
}

/** The Identity Pool: GetId and GetCredentialsForIdentity for the User Pool's ID tokens, and guests. */
export class IdentityPool {
  constructor(
    readonly state: EmulatorState,
    private readonly key: Pick<SigningKey, 'kid' | 'publicKey'>,
    readonly store: IdentityStore = new IdentityStore(state.settings.dataDir),
  ) {}

  /** GetId: the identity of the login in Logins (always the same for the same user), or a new guest. */
  getId(input: Input): { IdentityId: string } {
    const poolId = requireString(input, 'IdentityPoolId', 'ValidationException');
    checkId('IdentityPoolId', poolId);
    if (poolId !== this.state.settings.identityPoolId) {
      throw new CognitoServiceError(
        'ResourceNotFoundException',
        `IdentityPool '${poolId}' not found.`,
      );
    }
    const logins = optionalStringMap(input, 'Logins') ?? {};
    if (Object.keys(logins).length > 0) {
      const login = this.verifyLogins(logins);
      this.store.put(login.identityId, login.identity);
      return { IdentityId: login.identityId };
    }
    if (!this.state.settings.allowGuests) {
      throw new CognitoServiceError('NotAuthorizedException', NO_GUESTS);
    }
    const identityId = `${this.state.settings.region}:${randomUUID()}`;
    this.store.put(identityId, { kind: 'guest' });
    return { IdentityId: identityId };
  }

  /** GetCredentialsForIdentity: temporary credentials, recorded for the API Gateway to check signatures against. */
  getCredentialsForIdentity(input: Input) {
    const identityId = requireString(input, 'IdentityId', 'ValidationException');
    checkId('IdentityId', identityId);
    const logins = optionalStringMap(input, 'Logins') ?? {};
    const identity = this.store.get(identityId);
    if (Object.keys(logins).length > 0) {
      // Identity ids of logins are derived, so a known login proves an identity even if this
      // emulator's identity file was wiped; anything else must exist already.
      const login = this.verifyLogins(logins);
      if (login.identityId !== identityId) {
        throw identity
          ? new CognitoServiceError('NotAuthorizedException', LOGINS_DONT_MATCH)
          : new CognitoServiceError(
              'ResourceNotFoundException',
              `Identity '${identityId}' not found.`,
            );
      }
      this.store.put(identityId, login.identity);
    } else if (!identity) {
      throw new CognitoServiceError(
        'ResourceNotFoundException',
        `Identity '${identityId}' not found.`,
      );
    } else if (identity.kind === 'authenticated') {
      throw new CognitoServiceError('NotAuthorizedException', LOGINS_DONT_MATCH);
    } else if (!this.state.settings.allowGuests) {
      throw new CognitoServiceError('NotAuthorizedException', NO_GUESTS);
    }
    const credentials = this.issue(identityId);
    return {
      IdentityId: identityId,
      Credentials: {
        AccessKeyId: credentials.accessKeyId,
        SecretKey: credentials.secretAccessKey,
        SessionToken: credentials.sessionToken,
        // The JSON protocol's timestamps are epoch seconds; the SDK turns this into a Date.
        Expiration: credentials.expiresAt / 1000,
      },
    };
  }

  /** Verifies every login; they must all name one identity. */
  private verifyLogins(logins: Record<string, string>): {
    identityId: string;
    identity: StoredIdentity;
  } {
    const ids = new Set<string>();
    let identity: StoredIdentity | undefined;
    for (const [provider, token] of Object.entries(logins)) {
      const login = verifyLoginToken(this.state, this.key, provider, token);
      identity = { kind: 'authenticated', ...login };
      ids.add(this.identityIdOf(login.provider, login.sub));
    }
    const [identityId] = ids;
    if (!identityId || !identity || ids.size > 1) {
      throw new CognitoServiceError('NotAuthorizedException', LOGINS_DONT_MATCH);
    }
    return { identityId, identity };
  }

  private identityIdOf(provider: string, sub: string): string {
    const { region, identityPoolId } = this.state.settings;
    return `${region}:${stableUuid(identityPoolId, provider, sub)}`;
  }

  private issue(identityId: string): IssuedCredentials {
    const now = this.state.now();
    // Whole seconds, as AWS sends them, rounded up so the lifetime is never shorter than configured.
    const expiresAt =
      Math.ceil((now + this.state.settings.credentialsTtlSeconds * 1000) / 1000) * 1000;
    let accessKeyId = 'ASIA';
    for (let i = 0; i < 16; i++)
      accessKeyId += ACCESS_KEY_ALPHABET[randomInt(ACCESS_KEY_ALPHABET.length)];
    const credentials: IssuedCredentials = {
      accessKeyId,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `IQoJb3JpZ2luX2Vj${randomBytes(SESSION_TOKEN_BYTES).toString('base64')}`,
      identityId,
      expiresAt,
      revoked: false,
    };
    this.state.credentials.set(accessKeyId, credentials);
    return credentials;
  }
}
