import { describe, expect, it } from 'vitest';
import { DEFAULT_ALLOWED_ORIGINS, readBackendContext } from '../lib/readBackendContext.ts';

const node = (context: Record<string, unknown>) => ({
  tryGetContext: (key: string): unknown => context[key],
});

describe('the stack’s settings from CDK context', () => {
  it('defaults to the local Vite origins, no guests, the dev stage and the REST API alone', () => {
    expect(readBackendContext(node({}))).toEqual({
      allowedOrigins: DEFAULT_ALLOWED_ORIGINS,
      guestAccess: false,
      stageName: 'dev',
      functionUrl: false,
      appsync: false,
    });
  });

  it('reads a comma-separated origin list, guest access and a stage', () => {
    const read = readBackendContext(
      node({
        allowedOrigins: 'https://app.example.com, http://localhost:5173',
        guestAccess: 'true',
        stage: 'prod',
      }),
    );
    expect(read).toEqual({
      allowedOrigins: ['https://app.example.com', 'http://localhost:5173'],
      guestAccess: true,
      stageName: 'prod',
      functionUrl: false,
      appsync: false,
    });
  });

  it('reads the Function URL and AppSync flags as text (-c) or JSON (cdk.json)', () => {
    expect(readBackendContext(node({ functionUrl: 'true', appsync: false }))).toMatchObject({
      functionUrl: true,
      appsync: false,
    });
    expect(readBackendContext(node({ functionUrl: 'false', appsync: true }))).toMatchObject({
      functionUrl: false,
      appsync: true,
    });
  });

  it('names the flag whose value is neither true nor false', () => {
    for (const name of ['guestAccess', 'functionUrl', 'appsync']) {
      for (const value of ['yes', '1', 'TRUE', 1, '']) {
        expect(() => readBackendContext(node({ [name]: value }))).toThrow(
          new TypeError(`${name} must be true or false, got "${String(value)}"`),
        );
      }
    }
  });

  it('refuses a wildcard, a port pattern, a bad flag or a bad stage', () => {
    for (const context of [
      { allowedOrigins: '*' },
      { allowedOrigins: 'http://localhost:*' },
      { allowedOrigins: '' },
      { guestAccess: 'yes' },
      { stage: 'my stage' },
    ]) {
      expect(() => readBackendContext(node(context)), JSON.stringify(context)).toThrow(TypeError);
    }
  });
});
