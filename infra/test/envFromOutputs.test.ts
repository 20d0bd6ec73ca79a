import { describe, expect, it } from 'vitest';
import {
  API_URL_COMMENT,
  envComments,
  envFromOutputs,
  GENERATED_MARKER,
  mergeEnvFile,
  pickStackOutputs,
} from '../lib/envFromOutputs.ts';

const OUTPUTS = {
  Region: 'eu-west-1',
  UserPoolId: 'eu-west-1_AbCdEf123',
  UserPoolClientId: '1example23456789abcdefghij',
  IdentityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555',
  ApiUrl: 'https://abc123defg.execute-api.eu-west-1.amazonaws.com/dev/',
  GuestAccess: 'false',
};

describe('turning stack outputs into the app’s configuration', () => {
  it('fills every VITE_ setting, with AWS endpoints and the stage URL without its slash', () => {
    expect(envFromOutputs(OUTPUTS)).toEqual({
      VITE_AWS_REGION: 'eu-west-1',
      VITE_USER_POOL_ID: 'eu-west-1_AbCdEf123',
      VITE_USER_POOL_CLIENT_ID: '1example23456789abcdefghij',
      VITE_IDENTITY_POOL_ID: 'eu-west-1:11111111-2222-3333-4444-555555555555',
      VITE_API_URL: 'https://abc123defg.execute-api.eu-west-1.amazonaws.com/dev',
      VITE_API_REGION: 'eu-west-1',
      VITE_COGNITO_IDP_ENDPOINT: '',
      VITE_COGNITO_IDENTITY_ENDPOINT: '',
      VITE_AUTH_FLOW: 'USER_SRP_AUTH',
      VITE_GUEST_ACCESS: 'false',
    });
    expect(envFromOutputs({ ...OUTPUTS, GuestAccess: 'true' }).VITE_GUEST_ACCESS).toBe('true');
  });

  it('names the outputs that are missing, and refuses a URL that is not a stage', () => {
    const partial: Record<string, string> = { ...OUTPUTS };
    delete partial.UserPoolId;
    delete partial.ApiUrl;
    expect(() => envFromOutputs(partial)).toThrow(/UserPoolId, ApiUrl/);
    expect(() => envFromOutputs({ ...OUTPUTS, ApiUrl: 'http://abc.example/dev' })).toThrow(
      /not an API Gateway stage URL/,
    );
  });

  it('picks the named stack, or the only one in the outputs file', () => {
    expect(pickStackOutputs({ A: OUTPUTS })).toBe(OUTPUTS);
    expect(pickStackOutputs({ A: {}, B: OUTPUTS }, 'B')).toBe(OUTPUTS);
    expect(() => pickStackOutputs({ A: {}, B: {} })).toThrow(/A, B/);
    expect(() => pickStackOutputs({}, 'A')).toThrow(/stack "A"/);
  });

  it('writes a new env file with a marker, and updates an existing one keeping other lines', () => {
    const fresh = mergeEnvFile('', { VITE_A: '1', VITE_B: '' });
    expect(fresh).toBe(`${GENERATED_MARKER}\nVITE_A=1\nVITE_B=\n`);
    const mine = '# my settings\nVITE_A=old\nMY_TOKEN=keep\n';
    expect(mergeEnvFile(mine, { VITE_A: '2', VITE_C: '3' })).toBe(
      '# my settings\nVITE_A=2\nMY_TOKEN=keep\nVITE_C=3\n',
    );
  });

  it('lists the Function URL and the GraphQL URL after the REST stage, in that order', () => {
    const values = envFromOutputs({
      ...OUTPUTS,
      FunctionUrl: 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/',
      GraphqlUrl: 'https://abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com/graphql',
    });
    expect(values.VITE_API_URL).toBe(
      'https://abc123defg.execute-api.eu-west-1.amazonaws.com/dev,' +
        'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws,' +
        'https://abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com/graphql',
    );
    // Service and region come from the AWS host names; no per-URL setting is written.
    expect(Object.keys(values).filter((key) => key.startsWith('VITE_API_'))).toEqual([
      'VITE_API_URL',
      'VITE_API_REGION',
    ]);
    const onlyGraphql = envFromOutputs({
      ...OUTPUTS,
      GraphqlUrl: 'https://x.appsync-api.eu-west-1.amazonaws.com/graphql',
    });
    expect(onlyGraphql.VITE_API_URL?.split(',')).toEqual([
      'https://abc123defg.execute-api.eu-west-1.amazonaws.com/dev',
      'https://x.appsync-api.eu-west-1.amazonaws.com/graphql',
    ]);
  });

  it('refuses a FunctionUrl or GraphqlUrl output of the wrong shape', () => {
    for (const extra of [
      { FunctionUrl: 'http://x.lambda-url.eu-west-1.on.aws/' },
      { FunctionUrl: 'https://x.lambda-url.eu-west-1.on.aws/notes' },
      { FunctionUrl: 42 },
      { GraphqlUrl: 'https://x.appsync-api.eu-west-1.amazonaws.com/' },
      { GraphqlUrl: '' },
    ]) {
      expect(() => envFromOutputs({ ...OUTPUTS, ...extra }), JSON.stringify(extra)).toThrow(
        TypeError,
      );
    }
  });

  it('writes the demo-URL comment above a VITE_API_URL with several URLs, once', () => {
    const several = { VITE_API_URL: 'https://a.example/dev,https://b.example', VITE_B: '2' };
    expect(envComments(several)).toEqual({ VITE_API_URL: API_URL_COMMENT });
    expect(envComments({ VITE_API_URL: 'https://a.example/dev' })).toEqual({});
    const fresh = mergeEnvFile('', several, envComments(several));
    expect(fresh).toBe(
      `${GENERATED_MARKER}\n${API_URL_COMMENT}\nVITE_API_URL=${several.VITE_API_URL}\nVITE_B=2\n`,
    );
    // A second deploy leaves one comment; an older file without one gets it above the setting.
    expect(mergeEnvFile(fresh, several, envComments(several))).toBe(fresh);
    const older = '# mine\nVITE_API_URL=https://a.example/dev\nX=1\n';
    expect(mergeEnvFile(older, { VITE_API_URL: several.VITE_API_URL }, envComments(several))).toBe(
      `# mine\n${API_URL_COMMENT}\nVITE_API_URL=${several.VITE_API_URL}\nX=1\n`,
    );
  });
});
