import { describe, expect, it } from 'vitest';
import { issueCredentials } from '../../api/test/apiTestHelpers.ts';
import type { IssuedCredentials } from '../../EmulatorState.ts';
import type { TestEmulator } from '../../test/startTestEmulator.ts';
import {
  answerOf,
  FUTURE_SKEW,
  PAST_SKEW,
  SERVER_NOW,
  serviceClient,
  setServerClock,
  useServiceEmulator,
} from './serviceTestHelpers.ts';

const ORIGIN = 'http://localhost:4173';

let stack: TestEmulator;
let credentials: IssuedCredentials;
let url: string;

useServiceEmulator('httpApiUrl', (test) => ({ stack, credentials, url } = test));

const api = () => serviceClient(credentials, 'execute-api');

describe('the HTTP API accepts', () => {
  it('a request signed for execute-api on the $default stage, with apigw-requestid', async () => {
    const body = 'a=1&a=2';
    const response = await api().fetch(`${url}/echo/x?q=1`, { method: 'POST', body });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ path: '/echo/x', bodyLength: body.length });
    expect(response.headers.get('apigw-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(stack.emulator.state.counts.get('httpApi.signed.echo')).toBeGreaterThan(0);
  });

  it('notes scoped to the identity that signed', async () => {
    const other = serviceClient(issueCredentials(stack.emulator), 'execute-api');
    const put = await api().fetch(`${url}/notes/h1`, {
      method: 'PUT',
      body: JSON.stringify({ title: 'Via HTTP API', content: 'c' }),
    });
    expect(put.status).toBe(200);
    expect(((await (await api().fetch(`${url}/notes/h1`)).json()) as { title: string }).title).toBe(
      'Via HTTP API',
    );
    expect(await (await other.fetch(`${url}/notes`)).json()).toEqual([]);
    expect((await api().fetch(`${url}/notes/h1`, { method: 'DELETE' })).status).toBe(204);
  });
});

describe('the HTTP API refuses, with {"message"} and no x-amzn-ErrorType', () => {
  it('a request without auth as Forbidden', async () => {
    expect(await answerOf(await fetch(`${url}/notes`))).toEqual({
      status: 403,
      errorType: null,
      body: { message: 'Forbidden' },
    });
    expect(stack.emulator.state.counts.get('httpApi.missing')).toBeGreaterThan(0);
  });

  it('a path no route matches with 404 Not Found before auth', async () => {
    expect(await answerOf(await fetch(`${url}/nothing`))).toEqual({
      status: 404,
      errorType: null,
      body: { message: 'Not Found' },
    });
  });

  it('a request signed for lambda', async () => {
    expect(await answerOf(await serviceClient(credentials, 'lambda').fetch(`${url}/echo`))).toEqual(
      {
        status: 403,
        errorType: null,
        body: { message: "Credential should be scoped to correct service: 'execute-api'. " },
      },
    );
  });

  it('unknown and expired credentials with AWS texts', async () => {
    const stranger = { ...credentials, accessKeyId: 'ASIAUNKNOWN000000000' };
    expect(
      await answerOf(await serviceClient(stranger, 'execute-api').fetch(`${url}/echo`)),
    ).toEqual({
      status: 403,
      errorType: null,
      body: { message: 'The security token included in the request is invalid.' },
    });
    const expired = issueCredentials(stack.emulator, { expiresAt: stack.emulator.state.now() - 1 });
    expect(
      await answerOf(await serviceClient(expired, 'execute-api').fetch(`${url}/echo`)),
    ).toEqual({
      status: 403,
      errorType: null,
      body: { message: 'The security token included in the request is expired' },
    });
  });

  it('a wrong signature with the canonical request and string to sign', async () => {
    const wrong = { ...credentials, secretAccessKey: 'not-the-secret' };
    const answer = await answerOf(await serviceClient(wrong, 'execute-api').fetch(`${url}/echo`));
    expect(answer.status).toBe(403);
    expect((answer.body as { message: string }).message).toMatch(
      /^The request signature we calculated does not match the signature you provided\. .*\n\nThe Canonical String for this request should have been\n'GET\n\/echo\n/s,
    );
  });

  it('signatures 15 minutes off with the skew texts', async () => {
    setServerClock(stack.emulator, SERVER_NOW);
    for (const [datetime, message] of [
      ['20261126T020000Z', PAST_SKEW],
      ['20261126T023000Z', FUTURE_SKEW],
    ] as const) {
      const signed = await api().sign(`${url}/echo`, { aws: { datetime } });
      expect(await answerOf(await fetch(signed))).toEqual({
        status: 403,
        errorType: null,
        body: { message },
      });
    }
  });
});

describe('the HTTP API CORS', () => {
  it('answers a preflight on any path itself with 204, the lists and MaxAge', async () => {
    const response = await fetch(`${url}/anything`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'DELETE' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toContain('DELETE');
    expect(response.headers.get('access-control-max-age')).toBe('600');
    expect(stack.emulator.state.counts.get('httpApi.preflight')).toBeGreaterThan(0);
  });

  it('gives a refused origin no CORS headers', async () => {
    const response = await fetch(`${url}/notes`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('adds CORS headers to its 403s for an allowed origin', async () => {
    const refused = await fetch(`${url}/notes`, { headers: { origin: ORIGIN } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });
});
