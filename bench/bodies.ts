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
/** What the summary needs: the worker against passThrough. */
const SUMMARY_VARIANTS: Variant[] = ['passThrough', 'worker'];

/** A bodies run's size; the defaults are the full run's. */
export interface BodiesOptions {
  /** Overrides each size's least rounds. */
  minRounds?: number;
  /** Only the variants the summary needs, and no unmeasured first POSTs (a quick run: big bodies are slow). */
  summaryOnly?: boolean;
}

/** POST bodies: what signing costs (hashing the payload, and for the worker moving it) per size. */
export async function bodies(
  rig: Rig,
  deadline: number,
  { minRounds, summaryOnly = false }: BodiesOptions = {},
): Promise<Section> {
  const variants = summaryOnly ? SUMMARY_VARIANTS : VARIANTS;
  const ratio = (a: number[], b: number[] | undefined) => (b ? medianRatio(a, b) : '–');
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
    if (!summaryOnly) await interleave(variants, 1, (variant) => post(variant, size.bytes, 1));
    const rounds: Partial<Record<Variant, number[]>> = await interleave(
      variants,
      size.rounds,
      async (variant) => median(await post(variant, size.bytes, size.perRound)),
      { deadline: share, minRounds: minRounds ?? size.minRounds },
    );
    for (const v of variants) {
      const mine = rounds[v]!;
      rows.push([
        size.label,
        v,
        mine.length * size.perRound,
        median(mine),
        ratio(mine, rounds.floor),
        ratio(mine, rounds.aws4fetch),
        ratio(mine, rounds.passThrough),
      ]);
    }
    data[size.label] = { bytes: size.bytes, medianMsByRound: rounds };
    overPassThrough[size.label] = medianRatio(rounds.worker!, rounds.passThrough!);
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
