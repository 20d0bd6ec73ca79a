import {
  DEMO,
  expect,
  openApp,
  pageFetch,
  postToWorker,
  signInWorker,
  test,
} from './support/fixtures.ts';

test.use({ buildEnv: { VITE_GUEST_ACCESS: 'true' } });

test('signs with a guest identity while signed out, and with the user once signed in', async ({
  page,
  stack,
  control,
}) => {
  await control.settings({ allowGuests: true });
  await openApp(page, stack);
  const guest = await pageFetch(page, `${stack.emulator.apiUrl}/echo/guest`);
  expect(guest.status).toBe(200);
  const guestId = guest.json?.identityId as string;
  expect(guestId).toMatch(/^us-east-1:/);

  const { idToken } = await control.tokens(DEMO.username, DEMO.password);
  const { identityId } = await signInWorker(page, idToken);
  expect(identityId).not.toBe(guestId);
  expect((await pageFetch(page, `${stack.emulator.apiUrl}/echo/user`)).json?.identityId).toBe(
    identityId,
  );

  await postToWorker(page, { type: 'sign-out', v: 1 });
  const after = await pageFetch(page, `${stack.emulator.apiUrl}/echo/guest-again`);
  expect(after.status).toBe(200);
  expect(after.json?.identityId).not.toBe(identityId);
});

test('answers 401 when the Identity Pool refuses guests', async ({ page, stack, control }) => {
  await control.settings({ allowGuests: false });
  await openApp(page, stack);
  const { status, json } = await pageFetch(page, `${stack.emulator.apiUrl}/echo/guest`);
  expect(status).toBe(401);
  expect(json).toMatchObject({ code: 'cognito-rejected' });
});
