import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { harness, idToken } from './fixtures.ts';

let { clock, identity, manager } = harness();

beforeEach(() => {
  ({ clock, identity, manager } = harness());
});

const HOURS_2 = 2 * 3600_000;

/** An hour-long ID token, as Cognito issues it, stamped with AWS's clock. */
function freshToken(): string {
  const awsNow = clock.time + identity.serverOffsetMs;
  return idToken({ exp: Math.floor(awsNow / 1000) + 3600 }, awsNow);
}

describe('a device clock far from AWS', () => {
  it('signs in with a device clock 2 h ahead, where a fresh token looks expired', async () => {
    identity.serverOffsetMs = -HOURS_2;
    const m = manager();
    await expect(m.signIn(freshToken())).resolves.toMatchObject({
      identityId: 'us-east-1:user-a',
    });
    expect(m.clockOffsetMs).toBe(-HOURS_2);
    expect(m.serverNow()).toBe(clock.time - HOURS_2);
    // The credentials are judged on AWS's clock: no refresh is due yet.
    await m.get();
    expect(identity.getCredentialsCalls).toBe(1);
  });

  it('signs in with a device clock 2 h behind and refreshes on time by AWS’s clock', async () => {
    identity.serverOffsetMs = HOURS_2;
    const m = manager();
    await m.signIn(freshToken());
    expect(m.clockOffsetMs).toBe(HOURS_2);
    clock.advance(56 * 60_000); // 4 minutes left on AWS's clock: inside the soft margin
    await m.get();
    expect(identity.getCredentialsCalls).toBe(2);
  });

  it('keeps the learned offset for the next worker run', async () => {
    identity.serverOffsetMs = -HOURS_2;
    await manager().signIn(freshToken());
    const restarted = manager();
    await restarted.get();
    expect(restarted.clockOffsetMs).toBe(-HOURS_2);
    expect(identity.getCredentialsCalls).toBe(1);
  });

  it('ignores Date headers within a few seconds of the known time', async () => {
    identity.serverOffsetMs = 1_500;
    const m = manager();
    await m.signIn(freshToken());
    expect(m.clockOffsetMs).toBe(0);
  });
});
