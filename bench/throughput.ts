import { GET_VARIANTS, type HarnessWindow, type Variant } from './pageHarness.ts';
import { formatVerdict } from './printTable.ts';
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
const VARIANTS = GET_VARIANTS;

/** Requests per second at a fixed concurrency, the variants interleaved round by round. */
export async function throughput(rig: Rig, deadline: number): Promise<Section> {
  const burst = (variant: Variant, total: number) =>
    pageFor(rig, variant).evaluate(
      ([v, n, c]) => (window as unknown as HarnessWindow).bench.concurrent(v, n, c),
      [variant, total, CONCURRENCY] as const,
    );
  await interleave(VARIANTS, 1, (variant) => burst(variant, WARMUP));
  const rounds = await interleave(
    VARIANTS,
    REQUESTS / PER_ROUND,
    async (variant) => (PER_ROUND / (await burst(variant, PER_ROUND))) * 1000,
    { deadline },
  );
  const rows = VARIANTS.map((v) => [
    v,
    rounds[v].length * PER_ROUND,
    median(rounds[v]),
    medianRatio(rounds[v], rounds.floor),
    medianRatio(rounds[v], rounds.aws4fetch),
  ]);
  return {
    table: {
      title: `Throughput: GETs at concurrency ${CONCURRENCY} (${rounds.floor.length} rounds × ${PER_ROUND} per variant)`,
      columns: ['variant', 'n', 'req/s (median round)', '÷floor', '÷aws4fetch'],
      rows,
      notes: [
        'Ratios: median over rounds of the ratio of that round’s requests per second (higher is better).',
        `target: worker ≥ 0.9× aws4fetch → ${formatVerdict(medianRatio(rounds.worker, rounds.aws4fetch), 0.9, 'min')}; workerLean → ${formatVerdict(medianRatio(rounds.workerLean, rounds.aws4fetch), 0.9, 'min')}`,
      ],
    },
    data: { requestsPerSecondByRound: rounds, perRound: PER_ROUND, concurrency: CONCURRENCY },
  };
}
