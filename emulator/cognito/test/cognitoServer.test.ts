import { GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  awsPost,
  cognitoUser,
  control,
  identityClientFor,
  loginsFor,
  signIn,
  waitFor,
} from './cognitoTestHelpers.ts';
import { CONTROL_HEADER, CONTROL_PREFIX } from '../handleControl.ts';
import { startTestEmulator, type TestEmulator } from '../../test/startTestEmulator.ts';

const GET_ID = 'AWSCognitoIdentityService.GetId';

let cognito: TestEmulator;
beforeAll(async () => {
  cognito = await startTestEmulator();
});
afterEach(async () => {
  await control(cognito.emulator, 'reset', {});
});
afterAll(async () => {
  await cognito.close();
});

function getIdBody() {
  return { IdentityPoolId: cognito.emulator.state.settings.identityPoolId };
}

describe('wire format', () => {
  it('answers with AWS JSON 1.1, a request id and CORS headers', async () => {
    const { headers, body } = await awsPost(cognito.emulator, GET_ID, getIdBody());
    expect(headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers.get('access-control-allow-origin')).toBe('*');
    expect(headers.get('access-control-expose-headers')).toContain('x-amzn-ErrorType');
    expect(headers.get('x-amzn-errortype')).toBe('NotAuthorizedException:');
    expect(body.__type).toBe('NotAuthorizedException');
  });

  it('answers a CORS preflight with the headers the Cognito clients send', async () => {
    const response = await fetch(cognito.emulator.cognitoUrl, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,x-amz-target,x-amz-user-agent',
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    const allowed = response.headers.get('access-control-allow-headers') ?? '';
    for (const header of [
      'content-type',
      'x-amz-target',
      'x-amz-user-agent',
      'authorization',
      'cache-control',
    ]) {
      expect(allowed).toContain(header);
    }
  });

  it('accepts application/json as AWS does', async () => {
    const { body } = await awsPost(cognito.emulator, GET_ID, getIdBody(), {
      'Content-Type': 'application/json',
    });
    expect(body.__type).toBe('NotAuthorizedException');
  });

  it('refuses malformed JSON with SerializationException', async () => {
    const { status, body } = await awsPost(cognito.emulator, GET_ID, '{"IdentityPoolId":');
    expect(status).toBe(400);
    expect(body.__type).toBe('SerializationException');
  });

  it('refuses a JSON body that is not an object', async () => {
    const { status, body } = await awsPost(cognito.emulator, GET_ID, '[1,2]');
    expect(status).toBe(400);
    expect(body.__type).toBe('SerializationException');
  });

  it('refuses a member of the wrong type with SerializationException', async () => {
    const { body } = await awsPost(cognito.emulator, GET_ID, { IdentityPoolId: 42 });
    expect(body.__type).toBe('SerializationException');
  });

  it('refuses an unknown or missing target with UnknownOperationException', async () => {
    for (const target of ['AWSCognitoIdentityService.DeleteIdentities', 'Nonsense', '']) {
      const { status, body } = await awsPost(cognito.emulator, target, {});
      expect(status).toBe(400);
      expect(body.__type).toBe('UnknownOperationException');
    }
  });

  it('reports a missing required member as Cognito does', async () => {
    const idp = await awsPost(cognito.emulator, 'AWSCognitoIdentityProviderService.InitiateAuth', {
      AuthFlow: 'USER_SRP_AUTH',
    });
    expect(idp.body).toEqual({
      __type: 'InvalidParameterException',
      message:
        "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null",
    });
    const identity = await awsPost(cognito.emulator, GET_ID, {});
    expect(identity.body.__type).toBe('ValidationException');
  });

  it('refuses an oversized body with 413', async () => {
    const { status, body } = await awsPost(cognito.emulator, GET_ID, {
      IdentityPoolId: 'x'.repeat(1024 * 1024 + 1),
    });
    expect(status).toBe(413);
    expect(body.__type).toBe('SerializationException');
  });

  it('stays up after garbage headers and unknown paths', async () => {
    const odd = await fetch(`${cognito.emulator.cognitoUrl}/nowhere`, {
      method: 'POST',
      headers: { 'X-Amz-Target': '\u00ff\u00fe', 'Content-Type': 'text/plain' },
      body: 'x',
    });
    expect(odd.status).toBe(404);
    const { status } = await awsPost(cognito.emulator, GET_ID, getIdBody(), {
      'Content-Type': 'text/plain',
    });
    expect(status).toBe(400);
    const after = await awsPost(cognito.emulator, GET_ID, getIdBody());
    expect(after.body.__type).toBe('NotAuthorizedException');
  });
});

describe('faults', () => {
  it('answers error500 with InternalErrorException for the armed number of calls', async () => {
    await control(cognito.emulator, 'faults', { operation: 'GetId', kind: 'error500', times: 1 });
    const first = await awsPost(cognito.emulator, GET_ID, getIdBody());
    expect(first.status).toBe(500);
    expect(first.body.__type).toBe('InternalErrorException');
    const second = await awsPost(cognito.emulator, GET_ID, getIdBody());
    expect(second.body.__type).toBe('NotAuthorizedException');
  });

  it('throttles with TooManyRequestsException through the SDK', async () => {
    await control(cognito.emulator, 'faults', { operation: 'GetId', kind: 'throttle' });
    const session = await signIn(cognitoUser(cognito.emulator, 'demo'), 'Passw0rd!');
    const client = identityClientFor(cognito.emulator);
    try {
      await expect(
        client.send(
          new GetIdCommand({
            ...getIdBody(),
            Logins: loginsFor(cognito.emulator, session.getIdToken().getJwtToken()),
          }),
        ),
      ).rejects.toMatchObject({ name: 'TooManyRequestsException', message: 'Rate exceeded' });
    } finally {
      client.destroy();
    }
  });

  it('holds a hung request until reset, then drops it', async () => {
    await control(cognito.emulator, 'faults', { operation: 'GetId', kind: 'hang' });
    const hung = awsPost(cognito.emulator, GET_ID, getIdBody());
    const outcome = hung.then(
      () => 'answered',
      () => 'dropped',
    );
    await waitFor(async () => {
      const { body } = await control(cognito.emulator, 'counts');
      return (body.counts as Record<string, number>).GetId === 1;
    });
    await control(cognito.emulator, 'reset', {});
    expect(await outcome).toBe('dropped');
  });
});

describe('test controls', () => {
  it('counts each operation once per request', async () => {
    await awsPost(cognito.emulator, GET_ID, getIdBody());
    await awsPost(cognito.emulator, GET_ID, getIdBody());
    await awsPost(cognito.emulator, 'AWSCognitoIdentityService.Nope', {});
    const { body } = await control(cognito.emulator, 'counts');
    expect(body.counts).toEqual({ GetId: 2 });
  });

  it('resets counts, clock, faults and settings', async () => {
    await control(cognito.emulator, 'clock', { offsetSeconds: -900 });
    await control(cognito.emulator, 'settings', { allowGuests: true, credentialsTtlSeconds: 5 });
    expect(cognito.emulator.state.clockOffsetMs).toBe(-900_000);
    expect(cognito.emulator.state.settings.credentialsTtlSeconds).toBe(5);
    const { status } = await control(cognito.emulator, 'reset', {});
    expect(status).toBe(200);
    expect(cognito.emulator.state.clockOffsetMs).toBe(0);
    expect(cognito.emulator.state.settings.allowGuests).toBe(false);
    expect(cognito.emulator.state.settings.credentialsTtlSeconds).toBe(3600);
  });

  it('validates settings, clock and fault bodies', async () => {
    expect((await control(cognito.emulator, 'settings', { allowGuests: 'yes' })).status).toBe(400);
    expect((await control(cognito.emulator, 'settings', { tokenTtlSeconds: -1 })).status).toBe(400);
    expect((await control(cognito.emulator, 'settings', { color: 'red' })).status).toBe(400);
    expect((await control(cognito.emulator, 'settings', { apiLatencyMs: -5 })).status).toBe(400);
    expect((await control(cognito.emulator, 'clock', { offsetSeconds: 'soon' })).status).toBe(400);
    expect(
      (await control(cognito.emulator, 'faults', { operation: 'GetId', kind: 'boom' })).status,
    ).toBe(400);
    expect(
      (await control(cognito.emulator, 'faults', { operation: 'GetId', kind: 'hang', times: 0 }))
        .status,
    ).toBe(400);
  });

  it('expires and revokes issued credentials', async () => {
    const { state } = cognito.emulator;
    const base = {
      secretAccessKey: 's',
      sessionToken: 't',
      identityId: 'us-east-1:x',
      revoked: false,
    };
    state.credentials.set('ASIAONE', {
      ...base,
      accessKeyId: 'ASIAONE',
      expiresAt: state.now() + 60_000,
    });
    state.credentials.set('ASIATWO', {
      ...base,
      accessKeyId: 'ASIATWO',
      expiresAt: state.now() + 60_000,
    });

    await control(cognito.emulator, 'credentials/expire', { accessKeyId: 'ASIAONE' });
    expect(state.credentials.get('ASIAONE')?.expiresAt).toBeLessThan(state.now());
    expect(state.credentials.get('ASIATWO')?.expiresAt).toBeGreaterThan(state.now());

    await control(cognito.emulator, 'credentials/revoke', {});
    expect(state.credentials.get('ASIAONE')?.revoked).toBe(true);
    expect(state.credentials.get('ASIATWO')?.revoked).toBe(true);

    expect(
      (await control(cognito.emulator, 'credentials/expire', { accessKeyId: 'ASIANONE' })).status,
    ).toBe(404);
  });

  it('answers an unknown control with 404 JSON', async () => {
    const { status, body } = await control(cognito.emulator, 'teleport', {});
    expect(status).toBe(404);
    expect(body.error).toEqual(expect.any(String));
  });
});

describe('test controls against other sites', () => {
  const FOREIGN = 'https://attacker.example';

  it('refuses a simple cross-origin POST without the control header, changing nothing', async () => {
    const { state } = cognito.emulator;
    await awsPost(cognito.emulator, GET_ID, getIdBody());
    state.credentials.set('ASIAKEEP', {
      accessKeyId: 'ASIAKEEP',
      secretAccessKey: 's',
      sessionToken: 't',
      identityId: 'us-east-1:x',
      expiresAt: state.now() + 60_000,
      revoked: false,
    });
    // What a form or `fetch(…, { mode: 'no-cors' })` on another site can send without a preflight.
    for (const path of ['reset', 'credentials/revoke', 'clock']) {
      const response = await fetch(`${cognito.emulator.cognitoUrl}${CONTROL_PREFIX}${path}`, {
        method: 'POST',
        headers: { Origin: FOREIGN, 'Content-Type': 'text/plain' },
        body: JSON.stringify({ offsetSeconds: 99 }),
      });
      expect(response.status, path).toBe(403);
      expect(response.headers.get('access-control-allow-origin'), path).toBeNull();
    }
    expect(state.counts.get('GetId')).toBe(1);
    expect(state.credentials.get('ASIAKEEP')?.revoked).toBe(false);
    expect(state.clockOffsetMs).toBe(0);
  });

  it('does not let another site read a confirmation code or the counts', async () => {
    for (const path of ['confirmation-code?username=demo', 'counts']) {
      const response = await fetch(`${cognito.emulator.cognitoUrl}${CONTROL_PREFIX}${path}`, {
        headers: { Origin: FOREIGN },
      });
      expect(response.status, path).toBe(403);
      expect(response.headers.get('access-control-allow-origin'), path).toBeNull();
    }
  });

  it('refuses the preflight a page needs to send the control header', async () => {
    const response = await fetch(`${cognito.emulator.cognitoUrl}${CONTROL_PREFIX}reset`, {
      method: 'OPTIONS',
      headers: {
        Origin: FOREIGN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': CONTROL_HEADER,
      },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('answers controls without any CORS header, even with the control header', async () => {
    const response = await fetch(`${cognito.emulator.cognitoUrl}${CONTROL_PREFIX}counts`, {
      headers: { [CONTROL_HEADER]: '1' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
