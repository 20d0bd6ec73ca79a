import type { HarnessWindow } from './pageHarness.ts';
import { formatVerdict } from './printTable.ts';
import type { Section } from './Section.ts';
import type { Rig } from './startRig.ts';
import { interleave, median, medianRatio, summarize } from './stats.ts';

/** The target for a GET that is not to the API: the worker may add at most 2 %. */
const TARGET = 1.02;

/** A non-API GET's size; the defaults are the full run's. */
export interface NonApiOptions {
  /** GETs per variant per round, and rounds. */
  perRound?: number;
  rounds?: number;
  /** Unmeasured GETs per variant first. */
  warmup?: number;
}

const VARIANTS = [
  'asset, worker',
  'asset, none',
  'third party, worker',
  'third party, none',
] as const;
type NonApiVariant = (typeof VARIANTS)[number];

/**
 * GETs that are not to the API (an app asset outside the precache; a small asset on another local
 * origin), from the app under its demo worker against the same GET from a page with no worker.
 */
export async function nonApi(
  rig: Rig,
  deadline: number,
  { perRound = 25, rounds = 16, warmup = 10 }: NonApiOptions = {},
): Promise<Section> {
  const appOrigin = rig.stack.appUrl;
  const get = (variant: NonApiVariant, count: number) => {
    const page = variant.endsWith('worker') ? rig.workerPage : rig.inPage;
    const url = variant.startsWith('asset') ? appOrigin + rig.assetPath : rig.thirdPartyUrl;
    return page.evaluate(([u, n]) => (window as unknown as HarnessWindow).bench.plainGets(u, n), [
      url,
      count,
    ] as const);
  };
  await interleave(VARIANTS, 1, (variant) => get(variant, warmup));
  const results = await interleave(VARIANTS, rounds, (variant) => get(variant, perRound), {
    deadline,
    minRounds: 3,
  });
  const p50s = (v: NonApiVariant) => results[v].map((times) => median(times));
  const ratios = {
    asset: medianRatio(p50s('asset, worker'), p50s('asset, none')),
    thirdParty: medianRatio(p50s('third party, worker'), p50s('third party, none')),
  };
  // The target holds for every request that is not to the API, so the summary takes the worse one.
  const nonApiOverNoWorker = Math.max(ratios.asset, ratios.thirdParty);
  const rows = VARIANTS.map((v) => {
    const s = summarize(results[v].flat());
    const ratio =
      v === 'asset, worker' ? ratios.asset : v === 'third party, worker' ? ratios.thirdParty : 1;
    return [v, s.n, s.p50, s.p95, ratio];
  });
  return {
    table: {
      title: `Non-API GETs: under the demo worker against no worker (${results['asset, none'].length} rounds × ${perRound})`,
      columns: ['GET, worker', 'n', 'p50 ms', 'p95 ms', 'p50÷none'],
      rows,
      notes: [
        `asset = ${rig.assetPath} on the app's origin (a URL the precache does not list); third party = a 2 KiB asset on another local origin, CORS open.`,
        'none = the same GET from a page on the app’s origin with service workers blocked; every GET is no-store, so each reaches its server.',
        'p50÷none: median over rounds of the ratio of the round p50s.',
        `target: ≤ ${TARGET}× no worker for both → ${formatVerdict(nonApiOverNoWorker, TARGET, 'max')}`,
      ],
    },
    data: { rounds: results, perRound, warmup, ratios },
    summary: { nonApiOverNoWorker },
  };
}
