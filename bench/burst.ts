import { postToWorker, signInWorker } from '../e2e/support/fixtures.ts';
import { cognitoCallsDuring, type CognitoCalls } from './cognitoCalls.ts';
import type { HarnessWindow } from './pageHarness.ts';
import type { Section } from './Section.ts';
import type { Rig } from './startRig.ts';
import { stopServiceWorkers } from '../e2e/support/stopServiceWorkers.ts';

/** Concurrent requests in the burst, all fired at once. */
const BURST = 100;

interface Scenario {
  name: string;
  /** What happens right before the burst, counted with it. */
  prepare(rig: Rig): Promise<void>;
  /** Calls the design allows: one round trip however many requests wait (single flight). */
  target: Pick<CognitoCalls, 'GetId' | 'GetCredentialsForIdentity'>;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'signed in just now',
    prepare: async (rig) => {
      await postToWorker(rig.workerPage, { type: 'sign-out', v: 1 });
      await signInWorker(rig.workerPage, rig.idToken);
    },
    target: { GetId: 1, GetCredentialsForIdentity: 1 },
  },
  {
    name: 'worker restarted, credentials valid',
    prepare: (rig) => stopServiceWorkers(rig.workerPage),
    target: { GetId: 0, GetCredentialsForIdentity: 0 },
  },
  {
    // The worker still believes its stored credentials: all 100 are refused (ExpiredToken) and
    // must share one refresh; the identity id is cached per user, so no GetId is needed.
    name: 'credentials expired (control), worker restarted',
    prepare: async (rig) => {
      await rig.control.expireCredentials();
      await stopServiceWorkers(rig.workerPage);
    },
    target: { GetId: 0, GetCredentialsForIdentity: 1 },
  },
];

/** Cognito calls made for a burst of concurrent requests on a fresh session; run last, it expires credentials. */
export async function burst(rig: Rig): Promise<Section> {
  const rows: Array<Array<string | number>> = [];
  const data: Record<string, unknown> = {};
  for (const scenario of SCENARIOS) {
    let ms = 0;
    const calls = await cognitoCallsDuring(rig.control, async () => {
      await scenario.prepare(rig);
      ms = await rig.workerPage.evaluate(
        (n) => (window as unknown as HarnessWindow).bench.concurrent('worker', n, n),
        BURST,
      );
    });
    const met =
      calls.GetId <= scenario.target.GetId &&
      calls.GetCredentialsForIdentity <= scenario.target.GetCredentialsForIdentity;
    rows.push([
      scenario.name,
      calls.GetId,
      calls.GetCredentialsForIdentity,
      `${scenario.target.GetId} / ${scenario.target.GetCredentialsForIdentity}`,
      met ? 'met' : 'MISSED',
      ms,
    ]);
    data[scenario.name] = { calls, target: scenario.target, burstMs: ms };
  }
  return {
    table: {
      title: `Burst: ${BURST} concurrent signed GETs through the worker on a fresh session`,
      columns: ['session', 'GetId', 'GetCredentials', 'target', 'verdict', 'burst ms'],
      rows,
      notes: [
        'Counts include the preparation (sign-in, restart); every one of the requests answered 200.',
        'The issue’s target is “1 each”; with the identity id cached per user, a refresh needs no GetId.',
      ],
    },
    data,
  };
}
