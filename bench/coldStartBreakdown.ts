import { aggregatePhases } from './probePhases.ts';
import { phaseRows } from './phaseRows.ts';
import type { Section } from './Section.ts';
import type { Rig } from './startRig.ts';
import { median } from './stats.ts';
import { workerTimeline } from './workerTimeline.ts';

/**
 * Where a cold first signed GET's time goes, from the profiled demo worker's probes: the worker's
 * start, its script, the fetch event, the session read, signing, the fetch.
 */
export async function coldStartBreakdown(
  rig: Rig,
  deadline: number,
  { rounds = 8 }: { rounds?: number } = {},
): Promise<Section> {
  const cold = [];
  for (let round = 0; round < rounds && (round < 2 || Date.now() < deadline); round++) {
    const [first] = await workerTimeline(rig, { kind: 'get' }, 1, { cold: true });
    cold.push(first!);
  }
  const phases = aggregatePhases(cold, median);
  return {
    table: {
      title: `Cold start, where the time goes: first signed GET after the worker was stopped (median of ${cold.length})`,
      columns: ['phase', 'ms', 'share'],
      rows: phaseRows(phases, 'ms'),
      notes: [
        'Measured in a build of the demo worker with timing probes around platform calls (bench/entries/workerProbes.js); the probes add a little of their own.',
        'Phases are consecutive (page fetch() to the page’s end of body); “inside” lines are time in those calls, overlapping the phases.',
        'SDK client construction is timed on its own before the worker’s code runs; the worker’s own construction then finds its code compiled.',
        'Per-phase medians need not add up to the median total.',
      ],
    },
    data: { rounds: cold, median: phases },
  };
}
