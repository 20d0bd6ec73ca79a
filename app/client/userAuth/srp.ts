/**
 * Cognito's SRP-6a variant (USER_SRP_AUTH / PASSWORD_SRP) with native BigInt and WebCrypto, as
 * amazon-cognito-identity-js computes it: 3072-bit group of RFC 5054, SHA-256, Java-style padding.
 */

/** RFC 5054's 3072-bit prime: the modulus Cognito hard-codes; any other makes every proof fail. */
const N = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
/** RFC 5054's generator for that group. */
const G = 2n;
/** HKDF info of Cognito's SRP; both sides derive the same 16-byte key with it. */
const INFO = 'Caldera Derived Key';
/** Bytes of the client's secret a, as amazon-cognito-identity-js draws (128). */
const SECRET_BYTES = 128;
/** English names, whatever the locale: Cognito parses TIMESTAMP as Java's `EEE MMM d HH:mm:ss z yyyy` in English. */
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const enc = new TextEncoder();

/** Hex as Java's `BigInteger.toByteArray()`: even length, `00` prefix when the top bit is set. */
export function padHex(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex;
}

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function toHex(bytes: ArrayBuffer | Uint8Array): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}

async function sha256(data: Uint8Array<ArrayBuffer>): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', data));
}

async function hmac(key: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>) {
  const k = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, data));
}

/** base^exp mod m by square-and-multiply. */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n;
  let b = ((base % m) + m) % m;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
  }
  return result;
}

/** One client SRP exchange: secret a and public A = g^a mod N (hex, for SRP_A). */
export interface SrpClient {
  a: bigint;
  A: string;
}

/** Draws a fresh secret a (or uses the given one, for test vectors) and computes A. */
export function startSrp(a?: bigint): SrpClient {
  let secret = a;
  // A = g^a mod N is never 0 for a prime N, but a = 0 would make A = 1 and leak the key.
  while (secret === undefined || secret % N === 0n) {
    secret = BigInt(`0x${toHex(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)))}`) % N;
  }
  return { a: secret, A: modPow(G, secret, N).toString(16) };
}

/** The TIMESTAMP Cognito requires, "ddd MMM d HH:mm:ss UTC yyyy" with English names, in UTC. */
export function srpTimestamp(date = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ` +
    `${date.getUTCFullYear()}`
  );
}

/** The PASSWORD_VERIFIER challenge's parameters the client needs. */
export interface VerifierChallenge {
  SALT: string;
  SRP_B: string;
  SECRET_BLOCK: string;
  USER_ID_FOR_SRP: string;
}

/** Computes PASSWORD_CLAIM_SIGNATURE (base64) for a PASSWORD_VERIFIER challenge; throws on a bad B. */
export async function passwordClaimSignature(
  client: SrpClient,
  poolName: string,
  password: string,
  challenge: VerifierChallenge,
  timestamp: string,
): Promise<string> {
  const B = BigInt(`0x${challenge.SRP_B}`);
  if (B % N === 0n) throw new RangeError('SRP_B is not valid (B mod N = 0).');
  const A = BigInt(`0x${client.A}`);
  const k = BigInt(`0x${await sha256(hexToBytes(padHex(N) + padHex(G)))}`);
  const u = BigInt(`0x${await sha256(hexToBytes(padHex(A) + padHex(B)))}`);
  if (u === 0n) throw new RangeError('SRP u is 0.');
  const userId = challenge.USER_ID_FOR_SRP;
  const inner = await sha256(enc.encode(`${poolName}${userId}:${password}`));
  const x = BigInt(`0x${await sha256(hexToBytes(padHex(BigInt(`0x${challenge.SALT}`)) + inner))}`);
  const gx = modPow(G, x, N);
  const S = modPow((((B - k * gx) % N) + N) % N, client.a + u * x, N);
  const prk = await hmac(hexToBytes(padHex(u)), hexToBytes(padHex(S)));
  const key = (await hmac(prk, concat(enc.encode(INFO), new Uint8Array([1])))).slice(0, 16);
  const block = Uint8Array.from(atob(challenge.SECRET_BLOCK), (c) => c.charCodeAt(0));
  const signature = await hmac(
    key,
    concat(enc.encode(poolName), enc.encode(userId), block, enc.encode(timestamp)),
  );
  return btoa(String.fromCharCode(...signature));
}
