import { cognitoCallsDuring, totalCalls } from './cognitoCalls.ts';
import type { HarnessWindow, Variant } from './pageHarness.ts';
import { formatVerdict } from './printTable.ts';
import type { Section } from './Section.ts';
import { pageFor, type Rig } from './startRig.ts';
import { interleave, median, medianRatio } from './stats.ts';
import { stopServiceWorkers } from '../e2e/support/stopServiceWorkers.ts';

/** Warm/cold/cold pass-through rounds; each cold start costs a worker boot, so few are enough for a median. */
const ROUNDS = 10;
/** What each kind of round measures: the demo worker running or stopped, or the forward-only worker stopped. */
const KINDS = ['warm', 'cold', 'coldPassThrough'] as const;

/**
 * The first signed response from a stopped worker against one from a running worker, and against
 * the first from a stopped worker that only forwards (the page signing with aws4fetch): the cost of
 * any worker's start, which the demo worker cannot go below.
 */
export async function coldStart(
  rig: Rig,
  deadline: number,
  { rounds: maxRounds = ROUNDS }: { rounds?: number } = {},
): Promise<Section> {
  const oneGet = async (variant: Variant) => {
    const [ms] = await pageFor(rig, variant).evaluate(
      (v) => (window as unknown as HarnessWindow).bench.sequential(v, 1),
      variant,
    );
    return ms!;
  };
  let rounds: Record<(typeof KINDS)[number], number[]> = {
    warm: [],
    cold: [],
    coldPassThrough: [],
  };
  const calls = await cognitoCallsDuring(rig.control, async () => {
    await oneGet('worker');
    rounds = await interleave(
      KINDS,
      maxRounds,
      async (kind) => {
        const variant = kind === 'coldPassThrough' ? 'passThroughSigned' : 'worker';
        if (kind === 'warm')
          await oneGet(variant); // Make sure the worker runs, whatever ran before.
        else await stopServiceWorkers(pageFor(rig, variant));
        return oneGet(variant);
      },
      { deadline },
    );
  });
  const total = totalCalls(calls);
  const coldOverWarm = medianRatio(rounds.cold, rounds.warm);
  const coldOverColdPassThrough = medianRatio(rounds.cold, rounds.coldPassThrough);
  return {
    table: {
      title: `Cold start: first signed GET after the worker was stopped over CDP (${rounds.cold.length} rounds)`,
      columns: ['worker', 'n', 'median ms', '÷warm', '÷cold passThrough', 'Cognito calls'],
      rows: [
        ['demo, warm (running)', rounds.warm.length, median(rounds.warm), 1, '–', '–'],
        [
          'demo, cold (stopped)',
          rounds.cold.length,
          median(rounds.cold),
          coldOverWarm,
          coldOverColdPassThrough,
          total,
        ],
        [
          'forward-only, cold (stopped)',
          rounds.coldPassThrough.length,
          median(rounds.coldPassThrough),
          '–',
          1,
          '–',
        ],
      ],
      notes: [
        'Cold = boot the worker script, reload the session from IndexedDB, sign, send. Cold passThrough = boot entries/forwardOnly/sw.js (respondWith(fetch(request)) alone) for a GET the page signed with aws4fetch.',
        'Ratios: medians over rounds of the round’s ratio; Cognito calls: over all three kinds of request (the forward-only page has its credentials from Node).',
        `target (issue 11): cold ≤ 2× warm → ${formatVerdict(coldOverWarm, 2, 'max')}; target: cold ≤ 1.3× cold passThrough → ${formatVerdict(coldOverColdPassThrough, 1.3, 'max')}; 0 Cognito calls → ${total === 0 ? 'met' : `MISSED (${JSON.stringify(calls)})`}`,
      ],
    },
    data: { rounds, cognitoCalls: calls },
    summary: { coldOverWarm, coldOverColdPassThrough, coldCognitoCalls: total },
  };
}
