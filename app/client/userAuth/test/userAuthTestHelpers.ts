import { randomUUID } from 'node:crypto';
import type { RunningEmulator } from '../../../../emulator/index.ts';
import type { MailMessage } from '../../../../emulator/cognito/Mailbox.ts';
import { control } from '../../../../emulator/cognito/test/cognitoTestHelpers.ts';
import { UserAuth, type UserAuthOptions } from '../UserAuth.ts';
import type { SignInStep, SignedInStep } from '../signIn.ts';
import { InProcessLocks } from './InProcessLocks.ts';

/** A password that meets the emulator's default policy. */
export const PASSWORD = 'Passw0rd!';

/** Every UserAuth `userAuthFor` made and `closeUserAuths` has not closed yet. */
const open = new Set<UserAuth>();

/** A session name no other UserAuth of any test uses: its own lock, channel and storage key. */
export function uniqueName(): string {
  return `user-auth-test-${randomUUID()}`;
}

/**
 * A UserAuth for an app client of the emulator (the default one unless told): unless told, tokens
 * in memory, and a session of its own (a unique name, its own in-process locks), as a lone tab.
 */
export function userAuthFor(
  emulator: RunningEmulator,
  options: UserAuthOptions = {},
  clientId = emulator.state.settings.clientId,
): UserAuth {
  const { region, userPoolId } = emulator.state.settings;
  const auth = new UserAuth(
    { region, userPoolId, userPoolClientId: clientId, cognitoIdpEndpoint: emulator.cognitoUrl },
    { storage: 'memory', name: uniqueName(), locks: new InProcessLocks(), ...options },
  );
  open.add(auth);
  return auth;
}

/** Closes every UserAuth made by `userAuthFor` (their channels), for an `afterAll`/`afterEach`. */
export function closeUserAuths(): void {
  for (const auth of open) auth.close();
  open.clear();
}

/** The codes the emulator "e-mailed" a user, oldest first, read through the control API. */
export async function mailbox(emulator: RunningEmulator, username: string): Promise<MailMessage[]> {
  const { status, body } = await control(
    emulator,
    `mailbox?username=${encodeURIComponent(username)}`,
  );
  if (status !== 200) throw new Error(`mailbox answered ${status}`);
  return body.messages as MailMessage[];
}

/** The newest code in a user's mailbox. */
export async function latestCode(emulator: RunningEmulator, username: string): Promise<string> {
  const last = (await mailbox(emulator, username)).at(-1);
  if (!last) throw new Error(`No mail for ${username}`);
  return last.code;
}

/** A wrong code of the right shape: the real one with its last digit changed. */
export function wrongCode(code: string): string {
  return code.slice(0, -1) + String((Number(code.at(-1)) + 1) % 10);
}

/** Signs up and confirms a fresh user with an e-mail address through `auth`; returns its name. */
export async function newUser(auth: UserAuth, emulator: RunningEmulator): Promise<string> {
  const username = `user-${randomUUID().slice(0, 8)}`;
  await auth.signUp(username, PASSWORD, { email: `${username}@example.com` });
  await auth.confirmSignUp(username, await latestCode(emulator, username));
  return username;
}

/** Narrows a step to `signed-in`, failing the test with the step it got otherwise. */
export function signedIn(step: SignInStep): SignedInStep {
  if (step.kind !== 'signed-in') throw new Error(`Expected signed-in, got ${step.kind}`);
  return step;
}

/** Signs `username` in with PASSWORD as the preferred challenge. */
export async function signInWithPassword(auth: UserAuth, username: string): Promise<SignedInStep> {
  return signedIn(await auth.signIn(username, { preferred: 'PASSWORD', password: PASSWORD }));
}
