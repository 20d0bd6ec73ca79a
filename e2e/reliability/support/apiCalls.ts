import type { Page } from '@playwright/test';

/** What the app saw of one API call: status, the worker's error `code` if any, and a few headers. */
export interface CallOutcome {
  status: number;
  /** `code` of a JSON error body (the worker's `ErrorInfo`), else undefined. */
  code: string | undefined;
  /** `message` of a JSON body (API Gateway's error text or the worker's), else undefined. */
  message?: string;
  /** Set when the worker answered itself (`X-Signing-Worker`). */
  fromWorker: boolean;
  retryAfter: string | null;
  /** How long the call took in the page, milliseconds. */
  ms: number;
  /** Set when `fetch` itself rejected (network error), with the error's name. */
  networkError?: string;
}

/** One request as the app would make it. */
export interface Call {
  url: string;
  init?: RequestInit;
}

/**
 * Sends `calls` from the page, `concurrency` at a time, and reports each outcome in order. A fetch
 * that rejects is reported, not thrown, so a test sees every outcome.
 */
export function sendCalls(page: Page, calls: Call[], concurrency = calls.length) {
  return page.evaluate(
    async ([calls, concurrency]) => {
      const out: CallOutcome[] = new Array(calls.length);
      let next = 0;
      const one = async (call: Call): Promise<CallOutcome> => {
        const started = performance.now();
        try {
          const response = await fetch(call.url, call.init);
          const text = await response.text();
          let code: string | undefined;
          let message: string | undefined;
          try {
            const body = JSON.parse(text) as { code?: unknown; message?: unknown };
            if (typeof body?.code === 'string') code = body.code;
            if (typeof body?.message === 'string') message = body.message;
          } catch {
            // Not JSON: the API's own answer.
          }
          return {
            status: response.status,
            code,
            message,
            fromWorker: response.headers.get('X-Signing-Worker') === '1',
            retryAfter: response.headers.get('Retry-After'),
            ms: performance.now() - started,
          };
        } catch (error) {
          return {
            status: 0,
            code: undefined,
            fromWorker: false,
            retryAfter: null,
            ms: performance.now() - started,
            networkError: error instanceof Error ? error.name : String(error),
          };
        }
      };
      const lane = async () => {
        while (next < calls.length) {
          const index = next++;
          out[index] = await one(calls[index]!);
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
      return out;
    },
    [calls, concurrency] as const,
  );
}

/** Counts outcomes by `status` or `status code`, e.g. `{ '200': 3, '503 cognito-unavailable': 2 }`. */
export function tally(outcomes: CallOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.networkError
      ? `network ${o.networkError}`
      : o.code
        ? `${o.status} ${o.code}`
        : `${o.status}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
