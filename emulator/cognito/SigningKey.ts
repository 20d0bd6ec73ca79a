import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomHex } from '../settings.ts';

/** File under `dataDir` holding the token signing key, so tokens stay valid across restarts. */
const KEY_FILE = 'cognito-signing-key.pem';

/** RSA modulus length; Cognito's own user pool keys are 2048-bit RS256 keys. */
const MODULUS_BITS = 2048;

/** The RSA key pair the User Pool signs tokens with, and its public JWK as the JWKS endpoint serves it. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwk: JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' };
}

/** Loads the key pair from `dataDir`, creating (and, with a `dataDir`, saving) one on first use. */
export function loadSigningKey(dataDir: string): SigningKey {
  const file = dataDir ? join(dataDir, KEY_FILE) : undefined;
  let pem: string;
  if (file && existsSync(file)) {
    pem = readFileSync(file, 'utf8');
  } else {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: MODULUS_BITS });
    pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }
  if (file && !existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const temp = `${file}.${randomHex(6)}.tmp`;
    writeFileSync(temp, pem, { mode: 0o600 });
    renameSync(temp, file);
  }
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  const publicJwk = publicKey.export({ format: 'jwk' });
  // Cognito's kids are base64 strings unique per key; a thumbprint of the key is stable and unique.
  const kid = createHash('sha256')
    .update(`${publicJwk.e ?? ''}.${publicJwk.n ?? ''}`)
    .digest('base64');
  return { kid, privateKey, publicKey, jwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' } };
}
