import type { EchoResponse } from '../../emulator/api/echoRoute.ts';
import { newUser } from '../demoSupport/NotesPage.ts';
import {
  DEMO,
  expect,
  openApp,
  pageFetch,
  postToWorker,
  signInWorker,
  test,
} from '../support/fixtures.ts';

test('a cacheable signed GET is never answered from the HTTP cache for the next user', async ({
  page,
  stack,
  control,
}) => {
  const url = `${stack.emulator.apiUrl}/cached/profile?v=1`;
  const apiCalls = () => stack.emulator.state.counts.get('api.signed.cached') ?? 0;
  await openApp(page, stack);
  const alice = await signInWorker(
    page,
    (await control.tokens(DEMO.username, DEMO.password)).idToken,
  );
  const before = apiCalls();
  const first = await pageFetch(page, url);
  expect(first.status).toBe(200);
  expect((first.json as unknown as EchoResponse).identityId).toBe(alice.identityId);

  expect((await postToWorker(page, { type: 'sign-out', v: 1 })).ok).toBe(true);
  const bob = await newUser(control, 'bob');
  const bobSession = await signInWorker(
    page,
    (await control.tokens(bob.username, bob.password)).idToken,
  );
  expect(bobSession.identityId).not.toBe(alice.identityId);
  const second = await pageFetch(page, url);
  expect(second.status).toBe(200);
  expect((second.json as unknown as EchoResponse).identityId).toBe(bobSession.identityId);
  // The API saw both requests: nothing was answered from the browser's cache.
  expect(apiCalls() - before).toBe(2);
});

test('a user switch without sign-out never shows the next user the last one’s cached answer', async ({
  page,
  stack,
  control,
}) => {
  const url = `${stack.emulator.apiUrl}/cached/switch`;
  const apiCalls = () => stack.emulator.state.counts.get('api.signed.cached') ?? 0;
  const whoseAnswer = async () => {
    const { status, json } = await pageFetch(page, url);
    expect(status).toBe(200);
    return (json as unknown as EchoResponse).identityId;
  };
  await openApp(page, stack);
  const bob = await newUser(control, 'bob');
  const aliceToken = (await control.tokens(DEMO.username, DEMO.password)).idToken;
  const alice = await signInWorker(page, aliceToken);
  const before = apiCalls();
  expect(await whoseAnswer()).toBe(alice.identityId);
  // The same user again: served from the HTTP cache, as it would be for a page signing itself.
  expect(await whoseAnswer()).toBe(alice.identityId);
  expect(apiCalls() - before).toBe(1);

  // Bob signs in over Alice's session: his first read goes to the API, then his answer is cached.
  const bobSession = await signInWorker(
    page,
    (await control.tokens(bob.username, bob.password)).idToken,
  );
  expect(await whoseAnswer()).toBe(bobSession.identityId);
  expect(await whoseAnswer()).toBe(bobSession.identityId);
  expect(apiCalls() - before).toBe(2);

  // And back: Alice does not get Bob's answer either.
  await signInWorker(page, aliceToken);
  expect(await whoseAnswer()).toBe(alice.identityId);
  expect(apiCalls() - before).toBe(3);
});
