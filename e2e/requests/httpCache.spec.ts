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

test('a signed GET reaches the API every time, whatever cache mode the app asked for', async ({
  page,
  stack,
  control,
}) => {
  await openApp(page, stack);
  await signInWorker(page, (await control.tokens(DEMO.username, DEMO.password)).idToken);
  const url = `${stack.emulator.apiUrl}/cached/modes`;
  const before = stack.emulator.state.counts.get('api.signed.cached') ?? 0;
  for (const cache of ['default', 'force-cache', 'default'] as const) {
    const { status } = await pageFetch(page, url, { cache, mode: 'cors' });
    expect(status, cache).toBe(200);
  }
  expect((stack.emulator.state.counts.get('api.signed.cached') ?? 0) - before).toBe(3);
});
