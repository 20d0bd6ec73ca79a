import type { BenchSummary } from './BenchSummary.ts';
import type { HarnessWindow, Variant } from './pageHarness.ts';
import { formatVerdict } from './printTable.ts';
import { roundTripLabel, type RunSize } from './RunSize.ts';
import type { Section } from './Section.ts';
import { pageFor, type Rig } from './startRig.ts';
import { interleave, median, medianRatio } from './stats.ts';

/** GETs per variant, as the issue asks. */
const REQUESTS = 2000;
/** In flight at once; Chromium still opens at most 6 HTTP/1.1 connections to one host. */
const CONCURRENCY = 16;
/** Requests per variant per round: 8 rounds. */
const PER_ROUND = 250;
const WARMUP = 100;
/** The GET variants but the query-signed ones, which the latency sections compare. */
const VARIANTS: readonly Variant[] = [
  'floor',
  'aws4fetch',
  'cryptoJs',
  'passThrough',
  'passThroughSigned',
  'worker',
  'workerLean',
];

/** Requests per second at a fixed concurrency, the variants interleaved round by round. */
export async function throughput(
  rig: Rig,
  deadline: number,
  { requests = REQUESTS, perRound = PER_ROUND, warmup = WARMUP, roundTripMs = 0 }: RunSize = {},
): Promise<Section> {
  const label = roundTripLabel(roundTripMs);
  const burst = (variant: Variant, total: number) =>
    pageFor(rig, variant).evaluate(
      ([v, n, c]) => (window as unknown as HarnessWindow).bench.concurrent(v, n, c),
      [variant, total, CONCURRENCY] as const,
    );
  await interleave(VARIANTS, 1, (variant) => burst(variant, warmup));
  const rounds = await interleave(
    VARIANTS,
    requests / perRound,
    async (variant) => (perRound / (await burst(variant, perRound))) * 1000,
    { deadline },
  );
  const rows = VARIANTS.map((v) => [
    v,
    rounds[v].length * perRound,
    median(rounds[v]),
    medianRatio(rounds[v], rounds.floor),
    medianRatio(rounds[v], rounds.aws4fetch),
    medianRatio(rounds[v], rounds.passThrough),
    medianRatio(rounds[v], rounds.passThroughSigned),
  ]);
  const summary: Partial<BenchSummary> =
    roundTripMs === 0
      ? { throughputWorkerOverPassThrough: medianRatio(rounds.worker, rounds.passThrough) }
      : roundTripMs === 30
        ? { throughputWorkerOverAws4fetchRtt30: medianRatio(rounds.worker, rounds.aws4fetch) }
        : {};
  return {
    table: {
      title: `Throughput${label}: GETs at concurrency ${CONCURRENCY} (${rounds.floor.length} rounds × ${perRound} per variant)`,
      columns: [
        'variant',
        'n',
        'req/s (median round)',
        '÷floor',
        '÷aws4fetch',
        '÷passThrough',
        '÷passThroughSigned',
      ],
      rows,
      notes: [
        'Ratios: median over rounds of the ratio of that round’s requests per second (higher is better).',
        roundTripMs === 0
          ? `target (issue 11): worker ≥ 0.95× passThrough → ${formatVerdict(medianRatio(rounds.worker, rounds.passThrough), 0.95, 'min')}`
          : 'Chromium opens at most 6 connections to one host, so at a real round trip every variant waits on them alike.',
      ],
    },
    data: { requestsPerSecondByRound: rounds, perRound, concurrency: CONCURRENCY, roundTripMs },
    summary,
  };
}
