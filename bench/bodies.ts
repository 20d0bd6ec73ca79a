import { MAX_PAYLOAD_BYTES } from '../emulator/api/index.ts';
import type { HarnessWindow, Variant } from './pageHarness.ts';
import { formatVerdict } from './printTable.ts';
import type { Section } from './Section.ts';
import { pageFor, type Rig } from './startRig.ts';
import { interleave, median, medianRatio } from './stats.ts';

/** Body sizes, with rounds and POSTs per round scaled so each size takes a few seconds at most. */
const SIZES = [
  { label: '1 KiB', bytes: 1024, rounds: 12, perRound: 5, minRounds: 3, shareOfTime: 0.15 },
  { label: '1 MiB', bytes: 1024 * 1024, rounds: 8, perRound: 2, minRounds: 3, shareOfTime: 0.3 },
  // API Gateway's hard limit, which the emulator enforces too: the largest body a client may send.
  {
    label: '10 MiB',
    bytes: MAX_PAYLOAD_BYTES,
    rounds: 6,
    perRound: 1,
    minRounds: 3,
    shareOfTime: 0.55,
  },
];
const VARIANTS: Variant[] = ['floor', 'aws4fetch', 'passThrough', 'worker', 'workerLean'];

/** POST bodies: what signing costs (hashing the payload, and for the worker moving it) per size. */
export async function bodies(
  rig: Rig,
  deadline: number,
  {
    minRounds,
  }: { /** Overrides each size's least rounds (a quick run). */ minRounds?: number } = {},
): Promise<Section> {
  const post = (variant: Variant, bytes: number, count: number) =>
    pageFor(rig, variant).evaluate(
      ([v, b, n]) => (window as unknown as HarnessWindow).bench.post(v, b, n),
      [variant, bytes, count] as const,
    );
  const rows: Array<Array<string | number>> = [];
  const data: Record<string, unknown> = {};
  const overPassThrough: Record<string, number> = {};
  const budget = deadline - Date.now();
  for (const size of SIZES) {
    // Each size gets its share of the time, so the big bodies are never skipped.
    const share = Date.now() + budget * size.shareOfTime;
    await interleave(VARIANTS, 1, (variant) => post(variant, size.bytes, 1));
    const rounds = await interleave(
      VARIANTS,
      size.rounds,
      async (variant) => median(await post(variant, size.bytes, size.perRound)),
      { deadline: share, minRounds: minRounds ?? size.minRounds },
    );
    for (const v of VARIANTS) {
      rows.push([
        size.label,
        v,
        rounds[v].length * size.perRound,
        median(rounds[v]),
        medianRatio(rounds[v], rounds.floor),
        medianRatio(rounds[v], rounds.aws4fetch),
        medianRatio(rounds[v], rounds.passThrough),
      ]);
    }
    data[size.label] = { bytes: size.bytes, medianMsByRound: rounds };
    overPassThrough[size.label] = medianRatio(rounds.worker, rounds.passThrough);
  }
  return {
    table: {
      title: 'POST bodies, one at a time: signing cost against an unsigned POST (floor)',
      columns: ['body', 'variant', 'n', 'median ms', '÷floor', '÷aws4fetch', '÷passThrough'],
      rows,
      notes: [
        'ms: median of the round medians; ratios: median over rounds of that round’s ratio.',
        'Signed POSTs hash the whole body (x-amz-content-sha256 is not sent for execute-api).',
        'The worker reads the body into memory to hash it; the demo worker also clones it for its outbox.',
        `target (issue 11): worker ≤ 1.10× passThrough → 1 MiB ${formatVerdict(overPassThrough['1 MiB']!, 1.1, 'max')}; 10 MiB ${formatVerdict(overPassThrough['10 MiB']!, 1.1, 'max')}`,
      ],
    },
    data,
    summary: {
      body1MiBWorkerOverPassThrough: overPassThrough['1 MiB']!,
      body10MiBWorkerOverPassThrough: overPassThrough['10 MiB']!,
    },
  };
}
