import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestEmulator,
  type TestEmulator,
} from '../../../../emulator/test/startTestEmulator.ts';
import type { CodeStep, SignInStep } from '../signIn.ts';
import { control } from './sessionTestHelpers.ts';
import {
  closeUserAuths,
  latestCode,
  mailbox,
  newUser,
  signedIn,
  userAuthFor,
  wrongCode,
} from './userAuthTestHelpers.ts';

let cognito: TestEmulator;
let username: string;
beforeAll(async () => {
  cognito = await startTestEmulator();
  username = await newUser(userAuthFor(cognito.emulator), cognito.emulator);
});
// Back to the default clock and code lifetime; users and their mailboxes stay.
afterEach(async () => {
  await control(cognito.emulator, 'reset', {});
});
afterAll(async () => {
  closeUserAuths();
  await cognito.close();
});

function codeStep(step: SignInStep): CodeStep {
  if (step.kind !== 'email-code') throw new Error(`Expected email-code, got ${step.kind}`);
  return step;
}

/** Starts an e-mail code sign-in as the preferred challenge; resolves the step and the code sent. */
async function requestCode(auth = userAuthFor(cognito.emulator)) {
  const step = codeStep(await auth.signIn(username, { preferred: 'EMAIL_OTP' }));
  return { auth, step, code: await latestCode(cognito.emulator, username) };
}

describe('UserAuth e-mail code sign-in (EMAIL_OTP)', () => {
  it('sends a code to the masked address and signs in with it', async () => {
    const { auth, step, code } = await requestCode();
    expect(step.destination).toMatch(/^u\*\*\*@e\*\*\*\.com$/);
    const done = signedIn(await step.answer(` ${code} `));
    expect((await auth.currentSession())?.username).toBe(username);
    expect(done.tokens.refreshToken).toEqual(expect.any(String));
  });

  it('sends a code when EMAIL_OTP is chosen from SELECT_CHALLENGE', async () => {
    const auth = userAuthFor(cognito.emulator);
    const choose = await auth.signIn(username);
    if (choose.kind !== 'choose') throw new Error(choose.kind);
    expect(choose.available).toContain('EMAIL_OTP');
    const sent = (await mailbox(cognito.emulator, username)).length;
    const step = codeStep(await choose.choose('EMAIL_OTP'));
    const messages = await mailbox(cognito.emulator, username);
    expect(messages).toHaveLength(sent + 1);
    expect(messages.at(-1)?.purpose).toBe('EMAIL_OTP');
    signedIn(await step.answer(messages.at(-1)!.code));
  });

  it('resends a new code, and only the newest code signs in', async () => {
    const { step, code: first } = await requestCode();
    const again = codeStep(await step.resend());
    const second = await latestCode(cognito.emulator, username);
    expect((await mailbox(cognito.emulator, username)).slice(-2).map((m) => m.code)).toEqual([
      first,
      second,
    ]);
    if (first !== second) {
      await expect(again.answer(first)).rejects.toMatchObject({ code: 'wrong-code' });
    }
    signedIn(await again.answer(second));
  });

  it('answers wrong-code for a wrong code and still takes the right one', async () => {
    const { step, code } = await requestCode();
    await expect(step.answer(wrongCode(code))).rejects.toMatchObject({
      name: 'AuthError',
      code: 'wrong-code',
      cause: { name: 'CodeMismatchException' },
    });
    signedIn(await step.answer(code));
  });

  it('answers session-expired after three wrong codes: only a new code helps', async () => {
    const { step, code } = await requestCode();
    for (let i = 0; i < 3; i += 1) {
      await expect(step.answer(wrongCode(code))).rejects.toMatchObject({ code: 'wrong-code' });
    }
    await expect(step.answer(code)).rejects.toMatchObject({ code: 'session-expired' });
    const again = codeStep(await step.resend());
    signedIn(await again.answer(await latestCode(cognito.emulator, username)));
  });

  it('answers expired-code for a code that outlived its lifetime, and a resent one works', async () => {
    await control(cognito.emulator, 'settings', { emailOtpTtlSeconds: 60 });
    const { step, code } = await requestCode();
    cognito.emulator.state.clockOffsetMs = 61_000;
    await expect(step.answer(code)).rejects.toMatchObject({
      code: 'expired-code',
      cause: { name: 'ExpiredCodeException' },
    });
    const again = codeStep(await step.resend());
    signedIn(await again.answer(await latestCode(cognito.emulator, username)));
  });

  it('answers session-expired for a code sent after its sign-in session lapsed', async () => {
    const { step, code } = await requestCode();
    cognito.emulator.state.clockOffsetMs = 181_000;
    await expect(step.answer(code)).rejects.toMatchObject({ code: 'session-expired' });
  });
});
