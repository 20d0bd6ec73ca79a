import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, EmulatorState } from '../../emulator/index.ts';
import { countApiRequests, NO_REQUESTS, perRequest } from '../apiRequestCounts.ts';

/** What the API server counts for one request: `api`, and `api.preflight` for an OPTIONS. */
function receive(state: EmulatorState, method: string): void {
  state.count('api');
  if (method === 'OPTIONS') state.count('api.preflight');
}

describe('countApiRequests', () => {
  it('adds the preflights and the other API calls made while the work ran, per request', async () => {
    const state = new EmulatorState(DEFAULT_SETTINGS);
    receive(state, 'GET'); // before: not counted
    const total = { ...NO_REQUESTS };
    const times = await countApiRequests(state, total, async () => {
      for (const method of ['OPTIONS', 'GET', 'GET', 'OPTIONS', 'GET', 'GET']) {
        receive(state, method);
      }
      return [1, 2, 3, 4];
    });
    await countApiRequests(state, total, async () => {
      receive(state, 'GET');
      return [5];
    });
    expect(times).toEqual([1, 2, 3, 4]);
    expect(total).toEqual({ requests: 5, preflights: 2, apiCalls: 5 });
    expect(perRequest(total)).toEqual({ preflights: 0.4, apiCalls: 1 });
  });
});
