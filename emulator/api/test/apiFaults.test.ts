import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_HEADER } from '../../cognito/handleControl.ts';
import { startTestEmulator, type TestEmulator } from '../../test/startTestEmulator.ts';
import { clientFor, issueCredentials } from './apiTestHelpers.ts';

const APP = 'http://localhost:5173';

describe('API faults', () => {
  let test: TestEmulator;
  beforeAll(async () => {
    test = await startTestEmulator();
  });
  afterAll(() => test.close());

  const arm = (body: unknown) =>
    fetch(`${test.emulator.cognitoUrl}/__emulator/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [CONTROL_HEADER]: '1' },
      body: JSON.stringify(body),
    });
  const put = (path: string) =>
    clientFor(issueCredentials(test.emulator)).fetch(`${test.emulator.apiUrl}${path}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Origin: APP },
      body: JSON.stringify({ title: 'T', content: '' }),
    });

  it('answers one request path with a 502 without CORS headers for the armed number of calls', async () => {
    const path = `${new URL(test.emulator.apiUrl).pathname}/notes/bad-gateway`;
    expect(
      (await arm({ operation: `API PUT ${path}`, kind: 'bad-gateway', times: 2 })).status,
    ).toBe(200);
    for (let call = 0; call < 2; call++) {
      const faulted = await put('/notes/bad-gateway');
      expect(faulted.status).toBe(502);
      expect(faulted.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect((await put('/notes/other')).status).toBe(200);
    expect((await put('/notes/bad-gateway')).status).toBe(200);
    expect(test.emulator.state.counts.get('api.fault')).toBe(2);
  });

  it('answers API Gateway’s 500 with CORS headers and a 429 for throttling', async () => {
    const path = `${new URL(test.emulator.apiUrl).pathname}/notes/flaky`;
    await arm({ operation: `API PUT ${path}`, kind: 'error500', times: 1 });
    await arm({ operation: `API PUT ${path}`, kind: 'throttle', times: 1 });
    const failed = await put('/notes/flaky');
    expect(failed.status).toBe(500);
    expect(failed.headers.get('x-amzn-errortype')).toBe('InternalServerErrorException');
    expect(failed.headers.get('access-control-allow-origin')).toBe(APP);
    const throttled = await put('/notes/flaky');
    expect(throttled.status).toBe(429);
    expect((await put('/notes/flaky')).status).toBe(200);
  });

  it('refuses a kind that does not apply to the API or to Cognito', async () => {
    expect((await arm({ operation: 'API GET /dev/notes', kind: 'hang' })).status).toBe(400);
    expect((await arm({ operation: 'GetId', kind: 'bad-gateway' })).status).toBe(400);
  });
});
