import type { EmulatorState } from '../emulator/index.ts';

/** Requests the emulator's API received, split into CORS preflights and the rest. */
export interface ApiRequestCounts {
  /** Requests measured. */
  requests: number;
  /** OPTIONS requests the API received meanwhile (`api.preflight`). */
  preflights: number;
  /** Every other request the API received meanwhile: one per request unless a cache answered. */
  apiCalls: number;
}

/** No requests yet. */
export const NO_REQUESTS: ApiRequestCounts = { requests: 0, preflights: 0, apiCalls: 0 };

/**
 * Runs `work` (which sends requests one variant at a time, so the API's counts are its alone) and
 * adds what the API received meanwhile to `total`; `work` resolves with the requests it measured.
 */
export async function countApiRequests<T extends readonly unknown[]>(
  state: EmulatorState,
  total: ApiRequestCounts,
  work: () => Promise<T>,
): Promise<T> {
  const read = () => ({
    calls: state.counts.get('api') ?? 0,
    preflights: state.counts.get('api.preflight') ?? 0,
  });
  const before = read();
  const result = await work();
  const after = read();
  const preflights = after.preflights - before.preflights;
  total.requests += result.length;
  total.preflights += preflights;
  total.apiCalls += after.calls - before.calls - preflights;
  return result;
}

/** Per request, as the tables print them. */
export function perRequest(counts: ApiRequestCounts): { preflights: number; apiCalls: number } {
  return {
    preflights: counts.preflights / counts.requests,
    apiCalls: counts.apiCalls / counts.requests,
  };
}
