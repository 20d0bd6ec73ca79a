import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * The 3072-bit safe prime of RFC 5054 (also RFC 3526 group 15), the modulus Cognito's SRP uses; the
 * clients hard-code it, so any other value would make every proof fail.
 */
export const SRP_N = BigInt(
  '0x' +
    'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);

/** The generator Cognito uses with `SRP_N`. */
export const SRP_G = 2n;

/** HKDF info string of Cognito's SRP variant; the clients derive the same 16-byte key with it. */
const HKDF_INFO = 'Caldera Derived Key';

/** Length of the derived password key, bytes: what Cognito's clients keep of the HKDF output. */
const PASSWORD_KEY_BYTES = 16;

/** Bytes of the server's secret exponent b; 512 bits is far beyond what the 3072-bit group needs. */
const SERVER_SECRET_BYTES = 64;

/** Bytes of a new user's salt, as Cognito's device verifiers use. */
const SALT_BYTES = 16;

/**
 * Hex of a non-negative integer as Java's `BigInteger.toByteArray()` would give it: even length, with a
 * leading `00` when the top bit is set. Every hash input in Cognito's SRP is padded this way.
 */
export function padHex(value: bigint): string {
  if (value < 0n) throw new RangeError('padHex takes non-negative integers only');
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex;
}

function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function hexHash(hex: string): string {
  return sha256Hex(Buffer.from(hex, 'hex'));
}

/** base^exponent mod modulus, by square-and-multiply. */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/** k = H(N | g), both padded: the SRP-6a multiplier. */
export const SRP_K = BigInt(`0x${hexHash(padHex(SRP_N) + padHex(SRP_G))}`);

/** A user's stored SRP secret: the salt and v = g^x mod N, both hex. */
export interface SrpVerifier {
  salt: string;
  verifier: string;
}

/** x = H(salt | H(poolName | userId | ':' | password)), the private key the client derives from the password. */
function privateKey(poolName: string, userId: string, password: string, saltHex: string): bigint {
  const inner = sha256Hex(`${poolName}${userId}:${password}`);
  return BigInt(`0x${hexHash(padHex(BigInt(`0x${saltHex}`)) + inner)}`);
}

/** Computes a verifier for `password`; `userId` must be what InitiateAuth returns as USER_ID_FOR_SRP. */
export function createVerifier(
  poolName: string,
  userId: string,
  password: string,
  saltHex = padHex(BigInt(`0x${randomBytes(SALT_BYTES).toString('hex')}`)),
): SrpVerifier {
  const x = privateKey(poolName, userId, password, saltHex);
  return { salt: saltHex, verifier: padHex(modPow(SRP_G, x, SRP_N)) };
}

/** The server's half of one SRP exchange: secret b and public B = k·v + g^b mod N. */
export interface ServerEphemeral {
  b: bigint;
  B: bigint;
}

/** Picks a fresh server ephemeral for a user's verifier. */
export function createServerEphemeral(verifierHex: string): ServerEphemeral {
  const v = BigInt(`0x${verifierHex}`);
  for (;;) {
    const b = BigInt(`0x${randomBytes(SERVER_SECRET_BYTES).toString('hex')}`);
    const B = (SRP_K * v + modPow(SRP_G, b, SRP_N)) % SRP_N;
    if (B !== 0n) return { b, B };
  }
}

/**
 * Derives the 16-byte key both sides share when the client knows the password, or undefined when the
 * client's A is unusable (A mod N = 0, or u = 0), which SRP-6a requires the server to refuse.
 */
export function derivePasswordKey(
  A: bigint,
  ephemeral: ServerEphemeral,
  verifierHex: string,
): Buffer | undefined {
  if (A % SRP_N === 0n) return undefined;
  const u = BigInt(`0x${hexHash(padHex(A) + padHex(ephemeral.B))}`);
  if (u === 0n) return undefined;
  const v = BigInt(`0x${verifierHex}`);
  const S = modPow((A * modPow(v, u, SRP_N)) % SRP_N, ephemeral.b, SRP_N);
  const prk = createHmac('sha256', Buffer.from(padHex(u), 'hex'))
    .update(Buffer.from(padHex(S), 'hex'))
    .digest();
  const okm = createHmac('sha256', prk)
    .update(Buffer.concat([Buffer.from(HKDF_INFO, 'utf8'), Buffer.from([1])]))
    .digest();
  return okm.subarray(0, PASSWORD_KEY_BYTES);
}

/** The PASSWORD_CLAIM_SIGNATURE a client holding `key` sends: HMAC-SHA256(poolName | userId | secretBlock | timestamp). */
export function passwordClaimSignature(
  key: Buffer,
  poolName: string,
  userId: string,
  secretBlock: string,
  timestamp: string,
): Buffer {
  return createHmac('sha256', key)
    .update(
      Buffer.concat([
        Buffer.from(poolName, 'utf8'),
        Buffer.from(userId, 'utf8'),
        Buffer.from(secretBlock, 'base64'),
        Buffer.from(timestamp, 'utf8'),
      ]),
    )
    .digest();
}
