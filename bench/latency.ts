import {
  countApiRequests,
  NO_REQUESTS,
  perRequest,
  type ApiRequestCounts,
} from './apiRequestCounts.ts';
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

/**
 * What a latency run sends: GETs of one URL again and again (the preflight cache can answer after
 * the first), GETs of a new URL each request (it never can), or small JSON PUTs of one URL.
 */
export type LatencyScenario = 'sameUrl' | 'distinctUrls' | 'put';

/**
 * The variants each scenario compares. Distinct URLs: the ways of signing and their floors (the
 * crypto-js signer signs as aws4fetch does, in headers). PUT: the open route takes no PUT, so no
 * unsigned floor; the page-signed pass-through is the floor of a signed PUT through a worker.
 */
const SCENARIO_VARIANTS: Record<LatencyScenario, readonly Variant[]> = {
  sameUrl: GET_VARIANTS,
  distinctUrls: [
    'floor',
    'aws4fetch',
    'aws4fetchQuery',
    'passThroughSigned',
    'worker',
    'workerQuery',
    'workerLean',
  ],
  put: ['aws4fetch', 'passThroughSigned', 'worker', 'workerLean'],
};

const SCENARIO_TITLES: Record<LatencyScenario, string> = {
  sameUrl: 'small GETs of one URL, one at a time',
  distinctUrls: 'small GETs of a new URL each, one at a time',
  put: 'small JSON PUTs of one URL, one at a time',
};

/** A latency run's size, round trip and scenario. */
export interface LatencyOptions extends RunSize {
  scenario?: LatencyScenario;
}

/** Latency of small requests, one at a time, the variants interleaved round by round. */
export async function latency(
  rig: Rig,
  deadline: number,
  {
    requests = REQUESTS,
    perRound = PER_ROUND,
    warmup = WARMUP,
    roundTripMs = 0,
    scenario = 'sameUrl',
  }: LatencyOptions = {},
): Promise<Section> {
  const variants = SCENARIO_VARIANTS[scenario];
  const { state } = rig.stack.emulator;
  const label = roundTripLabel(roundTripMs);
  const send = (variant: Variant, count: number) =>
    pageFor(rig, variant).evaluate(
      ([v, n, s]) => {
        const { bench } = window as unknown as HarnessWindow;
        return s === 'put' ? bench.put(v, n) : bench.sequential(v, n, s);
      },
      [variant, count, scenario] as const,
    );
  await interleave(variants, 1, (variant) => send(variant, warmup));
  const counts = Object.fromEntries(variants.map((v) => [v, { ...NO_REQUESTS }])) as Record<
    Variant,
    ApiRequestCounts
  >;
  const rounds = await interleave(
    variants,
    requests / perRound,
    (variant) => countApiRequests(state, counts[variant], () => send(variant, perRound)),
    { deadline },
  );
  const p50s = (v: Variant) => rounds[v]?.map((times) => median(times));
  const all = (v: Variant) => rounds[v]!.flat();
  const p95 = (v: Variant) => percentile(all(v), 95);
  const p50Ratio = (v: Variant, base: Variant) => {
    const [mine, theirs] = [p50s(v), p50s(base)];
    return mine && theirs ? medianRatio(mine, theirs) : '–';
  };
  const has = (v: Variant) => variants.includes(v);
  const rows = variants.map((v) => {
    const s = summarize(all(v));
    const per = perRequest(counts[v]);
    return [
      v,
      s.n,
      s.p50,
      s.p95,
      p50Ratio(v, 'floor'),
      p50Ratio(v, 'aws4fetch'),
      p95(v) / p95('aws4fetch'),
      p50Ratio(v, 'passThroughSigned'),
      per.preflights,
      per.apiCalls,
    ];
  });
  const ratio = (v: Variant, base: Variant) => medianRatio(p50s(v)!, p50s(base)!);
  const preflights = (v: Variant) => perRequest(counts[v]).preflights;
  const summary: Partial<BenchSummary> = {};
  const targets: string[] = [];
  if (roundTripMs === 0 && scenario === 'sameUrl') {
    summary.workerOverPassThroughP50 = ratio('worker', 'passThroughSigned');
    summary.workerOverAws4fetchP50 = ratio('worker', 'aws4fetch');
    targets.push(
      `target: worker p50 ≤ 1.05× passThroughSigned → ${formatVerdict(summary.workerOverPassThroughP50, 1.05, 'max')}`,
    );
  } else if (roundTripMs === 30 && scenario === 'sameUrl') {
    summary.workerOverAws4fetchP50Rtt30 = ratio('worker', 'aws4fetch');
    summary.workerOverAws4fetchP50Rtt30SameUrl = summary.workerOverAws4fetchP50Rtt30;
    summary.preflightsPerRequestWorker = preflights('worker');
    summary.preflightsPerRequestAws4fetch = preflights('aws4fetch');
    targets.push(
      `target: worker p50 ≤ 1.03× aws4fetch → ${formatVerdict(summary.workerOverAws4fetchP50Rtt30, 1.03, 'max')}`,
      `target: worker preflights per request ≤ aws4fetch's + 0.05 → ${formatVerdict(summary.preflightsPerRequestWorker, summary.preflightsPerRequestAws4fetch + 0.05, 'max')}`,
    );
  } else if (roundTripMs === 30 && scenario === 'distinctUrls') {
    summary.workerOverAws4fetchP50Rtt30DistinctUrls = ratio('worker', 'aws4fetch');
    summary.workerQueryGetOverAws4fetchP50Rtt30DistinctUrls = ratio('workerQuery', 'aws4fetch');
    targets.push(
      `target: worker p50 ≤ 1.03× aws4fetch → ${formatVerdict(summary.workerOverAws4fetchP50Rtt30DistinctUrls, 1.03, 'max')}`,
      `target: workerQuery p50 ≤ 0.75× aws4fetch (header-signed) → ${formatVerdict(summary.workerQueryGetOverAws4fetchP50Rtt30DistinctUrls, 0.75, 'max')}`,
    );
  } else if (roundTripMs === 30 && scenario === 'put') {
    summary.putWorkerOverAws4fetchP50Rtt30 = ratio('worker', 'aws4fetch');
    targets.push(
      `target: worker p50 ≤ 1.03× aws4fetch → ${formatVerdict(summary.putWorkerOverAws4fetchP50Rtt30, 1.03, 'max')}`,
    );
  }
  const firstRounds = rounds[variants[0]!]!.length;
  return {
    table: {
      title: `Latency${label}: ${SCENARIO_TITLES[scenario]} (${firstRounds} rounds × ${perRound} per variant)`,
      columns: [
        'variant',
        'n',
        'p50 ms',
        'p95 ms',
        'p50÷floor',
        'p50÷aws4fetch',
        'p95÷aws4fetch',
        'p50÷passThroughSigned',
        'preflights/req',
        'API calls/req',
      ],
      rows,
      notes: [
        'p50 ratios: median over rounds of the ratio of the round p50s; p95 ratios: of the pooled p95s.',
        'preflights/req: CORS preflights (OPTIONS) the API received per measured request; API calls/req: the other requests it received, 1 unless a cache answered (the echo sends no Cache-Control and no validator, so the HTTP cache may store it but never reuses it: every GET of one URL reaches the API).',
        has('floor')
          ? 'floor = unsigned to /dev/open (authorization NONE, no preflight); the others to /dev/echo.'
          : 'All to /dev/echo (IAM auth).',
        'aws4fetch / aws4fetchQuery = signed in the page, in headers / in the query string (a GET with no custom header: a CORS simple request); passThroughSigned = signed in the page with aws4fetch through a worker that only does respondWith(fetch(request)), the floor of a signed request through any worker; passThrough = unsigned to /dev/open through the lean worker’s pass-through.',
        'worker = the demo worker (signing + outbox; offline copies of /notes reads only); workerQuery = the demo worker built with VITE_API_SIGN_QUERY=true; workerLean = the signing layer alone.',
        ...targets,
      ],
    },
    data: { scenario, rounds, perRound, warmup, roundTripMs, apiRequests: counts },
    summary,
  };
}
