/**
 * The page of SigningClient's tests: it exposes the client, what it was handed and a raw control
 * line to the scripted worker on `globalThis.harness`, for the test to drive with `page.evaluate`.
 */
import { SigningClient, WorkerError, type SigningClientOptions } from '../index.ts';
import type { ControlCommand } from './workerControl.ts';

/** What the next call of `refreshIdToken` does: resolve a token, resolve nothing, or throw. */
export type RefreshOutcome = { token: string } | { none: true } | { error: string; code?: string };

/** Options of `harness.start`: the client's own, with `refreshIdToken` scripted by outcomes. */
export interface StartOptions extends Omit<SigningClientOptions, 'refreshIdToken'> {
  /** Given: the client gets a `refreshIdToken` that answers `token-<answerAs>` unless scripted. */
  answerAs?: string;
}

/** The test's handle on the page. */
export interface ClientHarness {
  SigningClient: typeof SigningClient;
  WorkerError: typeof WorkerError;
  client?: SigningClient;
  /** Worker events the client relayed, by type, in order. */
  events: Record<string, unknown[]>;
  /** How many times the client called `refreshIdToken`. */
  refreshCalls: number;
  /** Outcomes for the next calls of `refreshIdToken`, first first. */
  outcomes: RefreshOutcome[];
  start(options?: StartOptions): SigningClient;
  /** Sends a command to the active worker on its own channel, bypassing the client. */
  control(command: ControlCommand): Promise<unknown>;
  /** How many Web Locks this origin holds and waits for. */
  locks(): Promise<{ held: number; pending: number }>;
}

declare global {
  var harness: ClientHarness;
}

async function refresh(answerAs: string): Promise<string | undefined> {
  harness.refreshCalls += 1;
  const outcome = harness.outcomes.shift() ?? { token: `token-${answerAs}` };
  if ('token' in outcome) return outcome.token;
  if ('none' in outcome) return undefined;
  throw Object.assign(new Error(outcome.error), outcome.code ? { code: outcome.code } : {});
}

globalThis.harness = {
  SigningClient,
  WorkerError,
  events: {},
  refreshCalls: 0,
  outcomes: [],
  start({ answerAs, ...options } = {}) {
    const client = new SigningClient({
      ...options,
      ...(answerAs !== undefined && { refreshIdToken: () => refresh(answerAs) }),
    });
    harness.client = client;
    return client;
  },
  async control(command) {
    const container = navigator.serviceWorker;
    const worker = container.controller ?? (await container.ready).active;
    if (!worker) throw new Error('No active worker to control.');
    const channel = new MessageChannel();
    const answer = new Promise<unknown>((resolve) => {
      channel.port1.onmessage = (event) => resolve(event.data);
    });
    worker.postMessage({ type: 'test-control', command }, [channel.port2]);
    return answer;
  },
  async locks() {
    const { held = [], pending = [] } = await navigator.locks.query();
    return { held: held.length, pending: pending.length };
  },
};
