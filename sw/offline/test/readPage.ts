/**
 * The page of networkFirstRead's tests: it runs the read in a window, where Cache Storage is the
 * browser's own, with `send` a real `fetch` (the test server, or a failure when the context is
 * offline) unless the scenario has the signing layer answer its 503 itself.
 */
import { WORKER_RESPONSE_HEADER } from '../../../shared/protocol.ts';
import { networkFirstRead, readCacheName } from '../networkFirstRead.ts';

/** One read: who is signed in, before and after the answer, and how `send` behaves. */
export interface ReadScenario {
  path: string;
  /** The identity signed in when the read starts; undefined when signed out. */
  identity: string | undefined;
  /** The identity signed in once the answer is in, when it changed meanwhile. */
  identityAfter?: string;
  /** `send` answers as the signing layer does when Cognito cannot be reached to refresh. */
  signingUnavailable?: boolean;
  /** Headers of the app's request; the test server answers `x-status` with that status. */
  headers?: Record<string, string>;
  /** The app aborted the request before it was sent. */
  aborted?: boolean;
  /** Pass a `waitUntil` that records the cache write instead of awaiting it in line. */
  waitUntil?: boolean;
}

/** What the read answered or threw, and what it asked of `send` and `waitUntil`. */
export interface ReadOutcome {
  response?: { status: number; body: string; fromWorker: boolean };
  error?: { name: string; message: string };
  /** The identity of each `send`, in order. */
  sentAs: (string | undefined)[];
  /** How many promises were handed to `waitUntil` (all awaited before this outcome). */
  waited: number;
}

/** The test's handle on the page. */
export interface ReadHarness {
  read(scenario: ReadScenario): Promise<ReadOutcome>;
  /** The body the identity's cache holds for `path`, if any. */
  cached(identity: string, path: string): Promise<string | undefined>;
  /** The name of the identity's read cache. */
  nameOf(identity: string): string;
  /** Every cache this origin holds. */
  cacheNames(): Promise<string[]>;
}

declare global {
  var harness: ReadHarness;
}

/** The signing layer's answer when credentials needed a refresh and Cognito was unreachable. */
function signingUnavailable(): Response {
  const body = { code: 'cognito-unavailable', message: 'Cognito could not be reached.' };
  return Response.json(body, { status: 503, headers: { [WORKER_RESPONSE_HEADER]: '1' } });
}

async function read(scenario: ReadScenario): Promise<ReadOutcome> {
  const sentAs: (string | undefined)[] = [];
  const writes: Promise<unknown>[] = [];
  let reads = 0;
  const controller = new AbortController();
  if (scenario.aborted) controller.abort();
  const request = new Request(new URL(scenario.path, location.href), {
    ...(scenario.headers && { headers: scenario.headers }),
    signal: controller.signal,
  });
  const outcome: ReadOutcome = { sentAs, waited: 0 };
  try {
    const response = await networkFirstRead({
      request,
      currentIdentity: async () =>
        reads++ === 0 ? scenario.identity : (scenario.identityAfter ?? scenario.identity),
      online: () => navigator.onLine,
      send: async (identityId) => {
        sentAs.push(identityId);
        return scenario.signingUnavailable ? signingUnavailable() : fetch(request);
      },
      ...(scenario.waitUntil && { waitUntil: (promise) => void writes.push(promise) }),
    });
    const fromWorker = response.headers.has(WORKER_RESPONSE_HEADER);
    outcome.response = { status: response.status, body: await response.text(), fromWorker };
  } catch (error) {
    const { name, message } = error as Error;
    outcome.error = { name, message };
  }
  await Promise.all(writes);
  outcome.waited = writes.length;
  return outcome;
}

globalThis.harness = {
  read,
  async cached(identity, path) {
    // `open` would create the cache it looks in.
    if (!(await caches.has(readCacheName(identity)))) return undefined;
    const cache = await caches.open(readCacheName(identity));
    const response = await cache.match(new URL(path, location.href).href);
    return response?.text();
  },
  nameOf: readCacheName,
  cacheNames: () => caches.keys(),
};
