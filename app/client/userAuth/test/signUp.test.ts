import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestEmulator,
  type TestEmulator,
} from '../../../../emulator/test/startTestEmulator.ts';
import {
  PASSWORD,
  closeUserAuths,
  latestCode,
  mailbox,
  signInWithPassword,
  userAuthFor,
  wrongCode,
} from './userAuthTestHelpers.ts';

let cognito: TestEmulator;
beforeAll(async () => {
  cognito = await startTestEmulator();
});
afterAll(async () => {
  closeUserAuths();
  await cognito.close();
});

const fresh = () => `new-${randomUUID().slice(0, 8)}`;

describe('UserAuth sign-up', () => {
  it('signs up, confirms with the e-mailed code, then signs in', async () => {
    const auth = userAuthFor(cognito.emulator);
    const username = fresh();
    const out = await auth.signUp(username, PASSWORD, { email: `${username}@example.com` });
    expect(out).toEqual({ confirmed: false, codeSentTo: expect.stringMatching(/^n\*\*\*@/) });
    const [message] = await mailbox(cognito.emulator, username);
    expect(message).toMatchObject({ to: `${username}@example.com`, purpose: 'SIGN_UP' });
    await auth.confirmSignUp(username, ` ${message!.code} `);
    const done = await signInWithPassword(auth, username);
    expect((await auth.currentSession())?.username).toBe(username);
    expect(done.tokens.accessToken).toEqual(expect.any(String));
  });

  it('answers not-confirmed for a sign-in before confirmation', async () => {
    const auth = userAuthFor(cognito.emulator);
    const username = fresh();
    await auth.signUp(username, PASSWORD, { email: `${username}@example.com` });
    await expect(signInWithPassword(auth, username)).rejects.toMatchObject({
      code: 'not-confirmed',
    });
  });

  it('answers wrong-code for a wrong confirmation code, and a resent code confirms', async () => {
    const auth = userAuthFor(cognito.emulator);
    const username = fresh();
    await auth.signUp(username, PASSWORD, { email: `${username}@example.com` });
    const first = await latestCode(cognito.emulator, username);
    await expect(auth.confirmSignUp(username, wrongCode(first))).rejects.toMatchObject({
      code: 'wrong-code',
      cause: { name: 'CodeMismatchException' },
    });
    const resent = await auth.resendSignUpCode(username);
    expect(resent.codeSentTo).toEqual(expect.any(String));
    expect(await mailbox(cognito.emulator, username)).toHaveLength(2);
    await auth.confirmSignUp(username, await latestCode(cognito.emulator, username));
    await signInWithPassword(auth, username);
  });

  it('answers username-exists for a taken name and invalid-password for a weak password', async () => {
    const auth = userAuthFor(cognito.emulator);
    const demo = cognito.emulator.state.settings.demoUser;
    await expect(auth.signUp(demo, PASSWORD)).rejects.toMatchObject({ code: 'username-exists' });
    await expect(auth.signUp(fresh(), 'short')).rejects.toMatchObject({
      code: 'invalid-password',
    });
  });
});
