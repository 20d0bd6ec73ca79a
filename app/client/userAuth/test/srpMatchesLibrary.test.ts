import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type ICognitoStorage,
} from 'amazon-cognito-identity-js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { passwordClaimSignature, srpTimestamp, startSrp } from '../srp.ts';

/*
 * Same inputs, same proof: amazon-cognito-identity-js (the reference client) and the page SRP are
 * fed one fixed secret a, salt, B, secret block and clock, and must send the same
 * PASSWORD_CLAIM_SIGNATURE. The library runs unmodified against a server that answers with the
 * fixed challenge; its random source and clock are the only things pinned.
 */

const POOL_ID = 'us-east-1_AbCdEf123';
const CHALLENGE = {
  SALT: '8e1c6bd9f03a5d4f72a1e0c3b6d9f8a2',
  // Any B with B mod N != 0 makes a valid exchange for this comparison; this one has its top bit set
  // so Java-style padding (a leading 00) is exercised.
  SRP_B: 'c3'.repeat(380),
  SECRET_BLOCK: Buffer.from('fixed secret block from Cognito, opaque to clients').toString(
    'base64',
  ),
  USER_ID_FOR_SRP: 'c4a8f1e2-7b3d-4e5f-9a0b-1c2d3e4f5a6b',
};
const NOW = new Date(Date.UTC(2026, 2, 5, 7, 4, 9));
/** 32 fixed 32-bit words: the library draws its 128-byte secret a as 32 getRandomValues calls. */
const WORDS = Array.from({ length: 32 }, (_, i) => (Math.imul(i + 1, 0x9e3779b9) | 0x80) >>> 0);

let server: Server;
let endpoint: string;
/** What the library sent: InitiateAuth's AuthParameters, then RespondToAuthChallenge's ChallengeResponses. */
let sent: { initiate?: Record<string, string>; respond?: Record<string, string> } = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const input = JSON.parse(body) as Record<string, Record<string, string>>;
      res.setHeader('Content-Type', 'application/x-amz-json-1.1');
      if (req.headers['x-amz-target'] === 'AWSCognitoIdentityProviderService.InitiateAuth') {
        sent.initiate = input.AuthParameters;
        res.end(
          JSON.stringify({ ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: CHALLENGE }),
        );
        return;
      }
      sent.respond = input.ChallengeResponses;
      res.statusCode = 400;
      res.end(JSON.stringify({ __type: 'NotAuthorizedException', message: 'captured' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function memoryStorage(): ICognitoStorage {
  const items = new Map<string, string>();
  return {
    setItem: (key, value) => void items.set(key, value),
    getItem: (key) => items.get(key) ?? null,
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
  };
}

/** Signs in with the library, its random words and clock pinned; answers what it sent. */
async function runLibrary(password: string) {
  let draws = 0;
  vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation((array) => {
    (array as Uint32Array)[0] = WORDS[draws++ % WORDS.length]!;
    return array;
  });
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  const Storage = memoryStorage();
  const pool = new CognitoUserPool({ UserPoolId: POOL_ID, ClientId: 'client', endpoint, Storage });
  const user = new CognitoUser({ Username: 'alice@example.com', Pool: pool, Storage });
  sent = {};
  await new Promise<void>((resolve) =>
    user.authenticateUser(
      new AuthenticationDetails({ Username: 'alice@example.com', Password: password }),
      { onSuccess: () => resolve(), onFailure: () => resolve() },
    ),
  );
  vi.useRealTimers();
  vi.restoreAllMocks();
  // Exactly the secret a was drawn: nothing else consumed the pinned words.
  expect(draws).toBe(WORDS.length);
  if (!sent.initiate || !sent.respond) throw new Error('The library did not finish its exchange');
  return { initiate: sent.initiate, respond: sent.respond };
}

/** The secret a those words make: the library reads them as one big-endian hex number. */
const FIXED_A = BigInt(`0x${WORDS.map((w) => w.toString(16).padStart(8, '0')).join('')}`);
const POOL_NAME = POOL_ID.split('_')[1]!;

describe('page SRP against amazon-cognito-identity-js', () => {
  it('sends the same SRP_A as the library for the same secret a', async () => {
    const { initiate } = await runLibrary('Corr3ct horse!');
    expect(initiate.SRP_A).toBe(startSrp(FIXED_A).A);
  });

  it('computes the same PASSWORD_CLAIM_SIGNATURE as the library for the same inputs', async () => {
    const { respond } = await runLibrary('Corr3ct horse!');
    const timestamp = srpTimestamp(NOW);
    expect(respond.TIMESTAMP).toBe(timestamp);
    expect(respond.USERNAME).toBe(CHALLENGE.USER_ID_FOR_SRP);
    const ours = await passwordClaimSignature(
      startSrp(FIXED_A),
      POOL_NAME,
      'Corr3ct horse!',
      CHALLENGE,
      timestamp,
    );
    expect(ours).toBe(respond.PASSWORD_CLAIM_SIGNATURE);
  });

  it('differs from the library when the password differs', async () => {
    const { respond } = await runLibrary('Corr3ct horse!');
    const ours = await passwordClaimSignature(
      startSrp(FIXED_A),
      POOL_NAME,
      'Corr3ct horse?',
      CHALLENGE,
      srpTimestamp(NOW),
    );
    expect(ours).not.toBe(respond.PASSWORD_CLAIM_SIGNATURE);
  });
});
