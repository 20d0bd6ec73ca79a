import { describe, expect, it } from 'vitest';
import {
  createServerEphemeral,
  createVerifier,
  derivePasswordKey,
  passwordClaimSignature as serverSignature,
} from '../../../../emulator/cognito/srp.ts';
import { passwordClaimSignature, srpTimestamp, startSrp } from '../srp.ts';

describe('page SRP (BigInt + WebCrypto)', () => {
  it('computes the PASSWORD_CLAIM_SIGNATURE the emulator verifies for the right password', async () => {
    const pool = 'AbCdEf123';
    const { salt, verifier } = createVerifier(pool, 'alice', 'Passw0rd!');
    const server = createServerEphemeral(verifier);
    const client = startSrp();
    const block = Buffer.from('secret-block-bytes').toString('base64');
    const timestamp = srpTimestamp(new Date(Date.UTC(2026, 10, 26, 2, 45, 4)));
    expect(timestamp).toBe('Thu Nov 26 02:45:04 UTC 2026');
    const challenge = {
      SALT: salt,
      SRP_B: server.B.toString(16),
      SECRET_BLOCK: block,
      USER_ID_FOR_SRP: 'alice',
    };
    const ours = await passwordClaimSignature(client, pool, 'Passw0rd!', challenge, timestamp);
    const key = derivePasswordKey(BigInt(`0x${client.A}`), server, verifier)!;
    expect(ours).toBe(serverSignature(key, pool, 'alice', block, timestamp).toString('base64'));
    const wrong = await passwordClaimSignature(client, pool, 'nope', challenge, timestamp);
    expect(wrong).not.toBe(ours);
  });
});
