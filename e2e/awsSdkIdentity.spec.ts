import { DEMO, expect, openApp, pageFetch, signInWorker, test } from './support/fixtures.ts';

// The demo worker built with the SDK transport (sigv4-service-worker/sw/aws-sdk) instead of fetch.
test.use({ buildEnv: { VITE_IDENTITY_TRANSPORT: 'aws-sdk' } });

test('a worker built with awsSdkIdentity signs a request end to end', async ({
  page,
  stack,
  control,
}) => {
  const worker = await (await fetch(`${stack.appUrl}/sw.js`)).text();
  expect(worker).toContain('CognitoIdentityClient');
  await openApp(page, stack);
  const { idToken } = await control.tokens(DEMO.username, DEMO.password);
  const { identityId } = await signInWorker(page, idToken);
  const answer = await pageFetch(page, `${stack.emulator.apiUrl}/echo/sdk`);
  expect(answer.status).toBe(200);
  expect(answer.json?.identityId).toBe(identityId);
  expect(await control.count('GetId')).toBe(1);
  expect(await control.count('GetCredentialsForIdentity')).toBe(1);
});
