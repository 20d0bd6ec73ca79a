import { cognitoCallsDuring, totalCalls } from './cognitoCalls.ts';
import type { HarnessWindow } from './pageHarness.ts';
import { formatVerdict } from './printTable.ts';
import type { Section } from './Section.ts';
import type { Rig } from './startRig.ts';
import { interleave, median, medianRatio } from './stats.ts';
import { stopServiceWorkers } from '../e2e/support/stopServiceWorkers.ts';

/** Warm/cold pairs; each cold start costs a worker boot, so few are enough for a median. */
const ROUNDS = 10;

/** The first signed response from a stopped worker against one from a running worker. */
export async function coldStart(
  rig: Rig,
  deadline: number,
  { rounds: maxRounds = ROUNDS }: { rounds?: number } = {},
): Promise<Section> {
  const oneGet = async () => {
    const [ms] = await rig.workerPage.evaluate(() =>
      (window as unknown as HarnessWindow).bench.sequential('worker', 1),
    );
    return ms!;
  };
  let rounds: Record<'warm' | 'cold', number[]> = { warm: [], cold: [] };
  const calls = await cognitoCallsDuring(rig.control, async () => {
    await oneGet();
    rounds = await interleave(
      ['warm', 'cold'] as const,
      maxRounds,
      async (kind) => {
        if (kind === 'cold') await stopServiceWorkers(rig.workerPage);
        else await oneGet(); // Make sure the worker runs, whatever ran before.
        return oneGet();
      },
      { deadline },
    );
  });
  const total = totalCalls(calls);
  const coldOverWarm = medianRatio(rounds.cold, rounds.warm);
  return {
    table: {
      title: `Cold start: first signed GET after the worker was stopped over CDP (${rounds.cold.length} rounds)`,
      columns: ['worker', 'n', 'median ms', '÷warm', 'Cognito calls'],
      rows: [
        ['warm (running)', rounds.warm.length, median(rounds.warm), 1, '–'],
        ['cold (stopped)', rounds.cold.length, median(rounds.cold), coldOverWarm, total],
      ],
      notes: [
        'Cold = boot the worker script, reload the session from IndexedDB, sign, send.',
        `target (issue 11): cold ≤ 2× warm → ${formatVerdict(coldOverWarm, 2, 'max')}; 0 Cognito calls over all warm and cold requests → ${total === 0 ? 'met' : `MISSED (${JSON.stringify(calls)})`}`,
      ],
    },
    data: { rounds, cognitoCalls: calls },
    summary: { coldOverWarm, coldCognitoCalls: total },
  };
}
