import type { BenchSummary } from './BenchSummary.ts';
import { GET_VARIANTS, type HarnessWindow, type Variant } from './pageHarness.ts';
import { formatVerdict } from './printTable.ts';
import { roundTripLabel, type RunSize } from './RunSize.ts';
import type { Section } from './Section.ts';
import { pageFor, type Rig } from './startRig.ts';
import { interleave, median, medianRatio, percentile, summarize } from './stats.ts';

/** Small GETs per variant, as the issue asks. */
const REQUESTS = 500;
/** Requests per variant per round: 20 rounds, short enough that each sees the same machine. */
const PER_ROUND = 25;
/** Unmeasured requests per variant first: JIT, connections, preflight cache, the worker's key cache. */
const WARMUP = 25;
const VARIANTS = GET_VARIANTS;

/** Latency of small GETs, one at a time, the variants interleaved round by round. */
export async function latency(
  rig: Rig,
  deadline: number,
  { requests = REQUESTS, perRound = PER_ROUND, warmup = WARMUP, roundTripMs = 0 }: RunSize = {},
): Promise<Section> {
  const label = roundTripLabel(roundTripMs);
  const sequential = (variant: Variant, count: number) =>
    pageFor(rig, variant).evaluate(
      ([v, n]) => (window as unknown as HarnessWindow).bench.sequential(v, n),
      [variant, count] as const,
    );
  await interleave(VARIANTS, 1, (variant) => sequential(variant, warmup));
  const rounds = await interleave(
    VARIANTS,
    requests / perRound,
    (variant) => sequential(variant, perRound),
    { deadline },
  );
  const p50s = (v: Variant) => rounds[v].map((times) => median(times));
  const all = (v: Variant) => rounds[v].flat();
  const p95 = (v: Variant) => percentile(all(v), 95);
  const rows = VARIANTS.map((v) => {
    const s = summarize(all(v));
    return [
      v,
      s.n,
      s.p50,
      s.p95,
      medianRatio(p50s(v), p50s('floor')),
      p95(v) / p95('floor'),
      medianRatio(p50s(v), p50s('aws4fetch')),
      p95(v) / p95('aws4fetch'),
      medianRatio(p50s(v), p50s('passThrough')),
    ];
  });
  const overAws4fetch = medianRatio(p50s('worker'), p50s('aws4fetch'));
  const summary: Partial<BenchSummary> =
    roundTripMs === 0
      ? {
          workerOverPassThroughP50: medianRatio(p50s('worker'), p50s('passThrough')),
          workerOverAws4fetchP50: overAws4fetch,
        }
      : roundTripMs === 30
        ? { workerOverAws4fetchP50Rtt30: overAws4fetch }
        : {};
  return {
    table: {
      title: `Latency${label}: small GETs one at a time (${rounds.floor.length} rounds × ${perRound} per variant)`,
      columns: [
        'variant',
        'n',
        'p50 ms',
        'p95 ms',
        'p50÷floor',
        'p95÷floor',
        'p50÷aws4fetch',
        'p95÷aws4fetch',
        'p50÷passThrough',
      ],
      rows,
      notes: [
        'p50 ratios: median over rounds of the ratio of the round p50s; p95 ratios: of the pooled p95s.',
        'floor = unsigned GET to /dev/open (authorization NONE, no preflight); the others GET /dev/echo.',
        'worker = the demo worker (signing + outbox; it keeps offline copies of /notes reads only, so these /echo GETs are not cached); workerLean = the signing layer alone; passThrough = unsigned to /dev/open through a worker that only does respondWith(fetch(request)).',
        roundTripMs === 0
          ? `target (issue 11): worker p50 ≤ 1.05× passThrough → ${formatVerdict(medianRatio(p50s('worker'), p50s('passThrough')), 1.05, 'max')}`
          : `target (issue 11, at 30 ms): worker p50 ≤ 1.03× aws4fetch → ${formatVerdict(overAws4fetch, 1.03, 'max')}`,
      ],
    },
    data: { rounds, perRound, warmup, roundTripMs },
    summary,
  };
}
