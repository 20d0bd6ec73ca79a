import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestEmulator,
  type TestEmulator,
} from '../../../../emulator/test/startTestEmulator.ts';
import { control } from './sessionTestHelpers.ts';
import { PASSWORD, closeUserAuths, signedIn, userAuthFor } from './userAuthTestHelpers.ts';

let cognito: TestEmulator;
beforeAll(async () => {
  cognito = await startTestEmulator();
});
afterAll(async () => {
  closeUserAuths();
  await cognito.close();
});

const demo = () => cognito.emulator.state.settings.demoUser;

async function counts(): Promise<Record<string, number>> {
  const { body } = await control(cognito.emulator, 'counts');
  return body.counts as Record<string, number>;
}

describe('UserAuth sign-in (USER_AUTH)', () => {
  it('lists the challenges a user may choose from when no preference is given', async () => {
    const step = await userAuthFor(cognito.emulator).signIn(demo());
    expect(step.kind).toBe('choose');
    if (step.kind !== 'choose') return;
    expect(step.available).toEqual(['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);
  });

  it('signs in with PASSWORD chosen from SELECT_CHALLENGE, and keeps the tokens', async () => {
    const auth = userAuthFor(cognito.emulator);
    const step = await auth.signIn(demo());
    if (step.kind !== 'choose') throw new Error(step.kind);
    const done = signedIn(await step.choose('PASSWORD', PASSWORD));
    expect(done.tokens.refreshToken).toEqual(expect.any(String));
    expect(auth.tokens).toEqual(done.tokens);
    expect(await auth.currentSession()).toEqual({
      username: demo(),
      idToken: done.tokens.idToken,
    });
  });

  it('signs in with PASSWORD_SRP chosen from SELECT_CHALLENGE, never sending the password', async () => {
    const sent: string[] = [];
    const auth = userAuthFor(cognito.emulator, {
      fetch: (input, init) => {
        sent.push(String(init?.body));
        return fetch(input, init);
      },
    });
    const step = await auth.signIn(demo());
    if (step.kind !== 'choose') throw new Error(step.kind);
    const done = signedIn(await step.choose('PASSWORD_SRP', PASSWORD));
    expect((await auth.currentSession())?.idToken).toBe(done.tokens.idToken);
    expect(sent).toHaveLength(3); // InitiateAuth, SELECT_CHALLENGE, PASSWORD_VERIFIER
    expect(sent.some((body) => body.includes(PASSWORD))).toBe(false);
  });

  it('runs a preferred PASSWORD_SRP at once, in one InitiateAuth and one PASSWORD_VERIFIER', async () => {
    const before = await counts();
    const auth = userAuthFor(cognito.emulator);
    signedIn(await auth.signIn(demo(), { preferred: 'PASSWORD_SRP', password: PASSWORD }));
    const after = await counts();
    expect((after.InitiateAuth ?? 0) - (before.InitiateAuth ?? 0)).toBe(1);
    expect((after.RespondToAuthChallenge ?? 0) - (before.RespondToAuthChallenge ?? 0)).toBe(1);
  });

  it('runs a preferred PASSWORD at once with the password in InitiateAuth', async () => {
    const auth = userAuthFor(cognito.emulator);
    const done = signedIn(
      await auth.signIn(` ${demo()} `, { preferred: 'PASSWORD', password: PASSWORD }),
    );
    expect((await auth.currentSession())?.username).toBe(demo());
    expect(done.tokens.expiresAt).toBeGreaterThan(Date.now());
  });

  it('falls back to SELECT_CHALLENGE when the preferred challenge is not available to the user', async () => {
    const step = await userAuthFor(cognito.emulator).signIn(demo(), { preferred: 'WEB_AUTHN' });
    expect(step.kind).toBe('choose');
  });

  it('answers wrong-credentials for a wrong password, with PASSWORD and with PASSWORD_SRP', async () => {
    const auth = userAuthFor(cognito.emulator);
    for (const preferred of ['PASSWORD', 'PASSWORD_SRP'] as const) {
      await expect(
        auth.signIn(demo(), { preferred, password: 'Wr0ng-password' }),
      ).rejects.toMatchObject({ name: 'AuthError', code: 'wrong-credentials' });
    }
    expect(auth.tokens).toBeUndefined();
  });

  it('answers invalid-input without calling Cognito when a password factor has no password', async () => {
    const before = await counts();
    await expect(
      userAuthFor(cognito.emulator).signIn(demo(), { preferred: 'PASSWORD_SRP' }),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    expect((await counts()).InitiateAuth ?? 0).toBe(before.InitiateAuth ?? 0);
  });

  it('answers session-expired when SELECT_CHALLENGE is answered after its session lapsed', async () => {
    const step = await userAuthFor(cognito.emulator).signIn(demo());
    if (step.kind !== 'choose') throw new Error(step.kind);
    cognito.emulator.state.clockOffsetMs = 181_000;
    try {
      await expect(step.choose('PASSWORD', PASSWORD)).rejects.toMatchObject({
        code: 'session-expired',
      });
    } finally {
      cognito.emulator.state.clockOffsetMs = 0;
    }
  });

  it('answers network when the User Pool cannot be reached', async () => {
    const auth = userAuthFor(cognito.emulator, {
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    await expect(auth.signIn(demo())).rejects.toMatchObject({ code: 'network' });
  });
});
