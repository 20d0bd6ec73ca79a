import { describe, expect, it } from 'vitest';
import { SIGNATURE_MISMATCH_TEXT } from '../../api/SignatureRejection.ts';
import { issueCredentials } from '../../api/test/apiTestHelpers.ts';
import type { IssuedCredentials } from '../../EmulatorState.ts';
import type { TestEmulator } from '../../test/startTestEmulator.ts';
import {
  FUNCTION_URL_FORBIDDEN,
  FUNCTION_URL_MAX_PAYLOAD_BYTES,
} from '../createFunctionUrlServer.ts';
import {
  answerOf,
  FUTURE_SKEW,
  PAST_SKEW,
  SERVER_NOW,
  serviceClient,
  setServerClock,
  sha256Hex,
  useServiceEmulator,
} from './serviceTestHelpers.ts';

const ORIGIN = 'http://127.0.0.1:5173';

let stack: TestEmulator;
let credentials: IssuedCredentials;
let url: string;

useServiceEmulator('functionUrl', (test) => ({ stack, credentials, url } = test));

const lambda = () => serviceClient(credentials, 'lambda');

describe('the Function URL accepts', () => {
  it('a GET signed for lambda, with no stage prefix', async () => {
    const before = stack.emulator.state.counts.get('lambdaUrl.signed.echo') ?? 0;
    const response = await lambda().fetch(`${url}/echo/a?b=1`);
    expect(response.status).toBe(200);
    const echo = (await response.json()) as { path: string; identityId: string };
    expect(echo).toMatchObject({ path: '/echo/a', identityId: credentials.identityId });
    expect(stack.emulator.state.counts.get('lambdaUrl.signed.echo')).toBe(before + 1);
    expect(response.headers.get('x-amzn-RequestId')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a POST whose body hash is in x-amz-content-sha256', async () => {
    const body = JSON.stringify({ hello: 'world' });
    const response = await lambda().fetch(`${url}/echo`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-amz-content-sha256': sha256Hex(body) },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { bodySha256: string }).bodySha256).toBe(sha256Hex(body));
  });

  it('notes scoped to the identity that signed', async () => {
    const other = serviceClient(issueCredentials(stack.emulator), 'lambda');
    const body = JSON.stringify({ title: 'Via URL', content: 'c' });
    const put = await lambda().fetch(`${url}/notes/url1`, {
      method: 'PUT',
      body,
      headers: { 'content-type': 'application/json', 'x-amz-content-sha256': sha256Hex(body) },
    });
    expect(put.status).toBe(200);
    const mine = (await (await lambda().fetch(`${url}/notes`)).json()) as { id: string }[];
    expect(mine.map((n) => n.id)).toContain('url1');
    expect(await (await other.fetch(`${url}/notes`)).json()).toEqual([]);
    expect((await other.fetch(`${url}/notes/url1`)).status).toBe(404);
    expect((await lambda().fetch(`${url}/notes/url1`, { method: 'DELETE' })).status).toBe(204);
    expect((await lambda().fetch(`${url}/notes/url1`)).status).toBe(404);
  });
});

describe('the Function URL refuses, in Lambda shape', () => {
  it('a request without auth: 403 AccessDeniedException with the Message Lambda uses', async () => {
    expect(await answerOf(await fetch(`${url}/notes`))).toEqual({
      status: 403,
      errorType: 'AccessDeniedException',
      body: { Message: FUNCTION_URL_FORBIDDEN },
    });
    expect(stack.emulator.state.counts.get('lambdaUrl.AccessDeniedException')).toBeGreaterThan(0);
  });

  it('a request signed for execute-api', async () => {
    const response = await serviceClient(credentials, 'execute-api').fetch(`${url}/echo`);
    expect(await answerOf(response)).toEqual({
      status: 403,
      errorType: 'InvalidSignatureException',
      body: { message: "Credential should be scoped to correct service: 'lambda'. " },
    });
  });

  it('an unknown access key as an invalid security token', async () => {
    const stranger = { ...credentials, accessKeyId: 'ASIAUNKNOWN000000000' };
    expect(await answerOf(await serviceClient(stranger, 'lambda').fetch(`${url}/echo`))).toEqual({
      status: 403,
      errorType: 'UnrecognizedClientException',
      body: { message: 'The security token included in the request is invalid.' },
    });
  });

  it('expired credentials', async () => {
    const expired = issueCredentials(stack.emulator, { expiresAt: stack.emulator.state.now() - 1 });
    expect(await answerOf(await serviceClient(expired, 'lambda').fetch(`${url}/echo`))).toEqual({
      status: 403,
      errorType: 'ExpiredTokenException',
      body: { message: 'The security token included in the request is expired' },
    });
  });

  it('a wrong signature with the short mismatch text, no canonical request', async () => {
    const wrong = { ...credentials, secretAccessKey: 'not-the-secret' };
    expect(await answerOf(await serviceClient(wrong, 'lambda').fetch(`${url}/echo`))).toEqual({
      status: 403,
      errorType: 'InvalidSignatureException',
      body: { message: SIGNATURE_MISMATCH_TEXT },
    });
  });

  it('a signed POST with a body but no x-amz-content-sha256 as a signature mismatch', async () => {
    const response = await lambda().fetch(`${url}/echo`, { method: 'POST', body: 'x=1' });
    expect(await answerOf(response)).toEqual({
      status: 403,
      errorType: 'InvalidSignatureException',
      body: { message: SIGNATURE_MISMATCH_TEXT },
    });
  });

  it('a signature 15 minutes old or ahead with the skew texts', async () => {
    setServerClock(stack.emulator, SERVER_NOW);
    for (const [datetime, message] of [
      ['20261126T020000Z', PAST_SKEW],
      ['20261126T023000Z', FUTURE_SKEW],
    ] as const) {
      const signed = await lambda().sign(`${url}/echo`, { aws: { datetime } });
      expect(await answerOf(await fetch(signed))).toEqual({
        status: 403,
        errorType: 'InvalidSignatureException',
        body: { message },
      });
    }
  });

  it('a body over 6 MB before checking auth', async () => {
    const response = await fetch(`${url}/echo`, {
      method: 'POST',
      body: Buffer.alloc(FUNCTION_URL_MAX_PAYLOAD_BYTES + 1),
    });
    expect(await answerOf(response)).toMatchObject({
      status: 413,
      errorType: 'RequestEntityTooLargeException',
    });
  });
});

describe('the Function URL CORS', () => {
  it('answers a preflight itself, unsigned, with the configured lists and MaxAge', async () => {
    const before = stack.emulator.state.counts.get('lambdaUrl.preflight') ?? 0;
    const response = await fetch(`${url}/notes/n1`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization,x-amz-date',
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(response.headers.get('access-control-allow-headers')).toContain('X-Amz-Content-Sha256');
    expect(response.headers.get('access-control-max-age')).toBe('600');
    expect(stack.emulator.state.counts.get('lambdaUrl.preflight')).toBe(before + 1);
  });

  it('gives a refused origin no CORS headers, on preflights and answers', async () => {
    const preflight = await fetch(`${url}/notes`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const answer = await lambda().fetch(`${url}/echo`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('adds its CORS headers to answers and to its own 403s for an allowed origin', async () => {
    const answer = await lambda().fetch(`${url}/echo`, { headers: { origin: ORIGIN } });
    expect(answer.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
    const refused = await fetch(`${url}/echo`, { headers: { origin: ORIGIN } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(refused.headers.get('access-control-expose-headers')).toContain('x-amzn-ErrorType');
  });
});
