import { describe, expect, it } from 'vitest';
import { DEFAULT_ALLOWED_ORIGINS, readBackendContext } from '../lib/readBackendContext.ts';

const node = (context: Record<string, unknown>) => ({
  tryGetContext: (key: string): unknown => context[key],
});

describe('the stack’s settings from CDK context', () => {
  it('defaults to the local Vite origins, no guests and the dev stage', () => {
    expect(readBackendContext(node({}))).toEqual({
      allowedOrigins: DEFAULT_ALLOWED_ORIGINS,
      guestAccess: false,
      stageName: 'dev',
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
    });
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
