import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_HEADER } from '../../cognito/handleControl.ts';
import { startTestEmulator, type TestEmulator } from '../../test/startTestEmulator.ts';

describe('API latency setting', () => {
  let test: TestEmulator;
  beforeAll(async () => {
    test = await startTestEmulator();
  });
  afterAll(() => test.close());

  it('holds every API answer for the configured round trip, errors included', async () => {
    const settings = await fetch(`${test.emulator.cognitoUrl}/__emulator/settings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [CONTROL_HEADER]: '1' },
      body: JSON.stringify({ apiLatencyMs: 150 }),
    });
    expect(await settings.json()).toMatchObject({ apiLatencyMs: 150 });
    const started = performance.now();
    const response = await fetch(`${test.emulator.apiUrl}/notes`);
    expect(response.status).toBe(403);
    // A timer never fires early, so this lower bound cannot flake.
    expect(performance.now() - started).toBeGreaterThanOrEqual(149);
  });
});
