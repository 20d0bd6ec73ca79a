import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsFromEnv } from '../../settings.ts';
import { startTestEmulator, type TestEmulator } from '../../test/startTestEmulator.ts';

describe('service server settings', () => {
  let test: TestEmulator;
  beforeAll(async () => {
    test = await startTestEmulator();
  });
  afterAll(() => test.close());

  it('defaults npm start to ports 9231, 9232 and 9233 beside the REST stage on 9230', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({
      apiPort: 9230,
      functionUrlPort: 9231,
      httpApiPort: 9232,
      appSyncPort: 9233,
    });
  });

  it('reads the three ports from EMULATOR_* variables', () => {
    expect(
      settingsFromEnv({
        EMULATOR_FUNCTION_URL_PORT: '7001',
        EMULATOR_HTTP_API_PORT: '7002',
        EMULATOR_APPSYNC_PORT: '7003',
      }),
    ).toMatchObject({ functionUrlPort: 7001, httpApiPort: 7002, appSyncPort: 7003 });
  });

  it('serves each service on its own origin, AppSync at /graphql', () => {
    const { apiUrl, functionUrl, httpApiUrl, appSyncUrl } = test.emulator;
    const origins = [apiUrl, functionUrl, httpApiUrl, appSyncUrl].map((u) => new URL(u).origin);
    expect(new Set(origins).size).toBe(4);
    expect(new URL(appSyncUrl).pathname).toBe('/graphql');
  });

  it('holds every service answer for apiLatencyMs, refusals included', async () => {
    test.emulator.state.settings.apiLatencyMs = 120;
    try {
      for (const url of [
        test.emulator.functionUrl,
        test.emulator.httpApiUrl,
        test.emulator.appSyncUrl,
      ]) {
        const started = performance.now();
        const response = await fetch(url, { method: 'POST', body: '{}' });
        expect(response.status, url).toBeGreaterThanOrEqual(400);
        // A timer never fires early, so this lower bound cannot flake.
        expect(performance.now() - started).toBeGreaterThanOrEqual(119);
      }
    } finally {
      test.emulator.state.settings.apiLatencyMs = 0;
    }
  });
});
