/**
 * The figures any two runs are compared by, each a median over rounds: ratios against a baseline
 * run interleaved with it, preflights per request, Cognito calls, and gzipped bytes. Keys are fixed
 * (issues 11 and 15); a script reads `summary` from any results file.
 */
export const SUMMARY_KEYS = [
  'nonApiOverNoWorker',
  'coldOverWarm',
  'coldOverColdPassThrough',
  'coldCognitoCalls',
  'workerOverPassThroughP50',
  'workerOverAws4fetchP50',
  'workerOverAws4fetchP50Rtt30',
  'workerOverAws4fetchP50Rtt30SameUrl',
  'workerOverAws4fetchP50Rtt30DistinctUrls',
  'workerQueryGetOverAws4fetchP50Rtt30DistinctUrls',
  'putWorkerOverAws4fetchP50Rtt30',
  'preflightsPerRequestWorker',
  'preflightsPerRequestAws4fetch',
  'throughputWorkerOverPassThrough',
  'throughputWorkerOverAws4fetchRtt30',
  'body1MiBWorkerOverPassThrough',
  'body10MiBWorkerOverPassThrough',
  'swGzipBytes',
  'pageClientGzipBytes',
] as const;

export type BenchSummary = Record<(typeof SUMMARY_KEYS)[number], number>;

/** Joins the sections' parts into the summary, in key order; a missing or non-numeric figure is a bug. */
export function completeSummary(parts: ReadonlyArray<Partial<BenchSummary>>): BenchSummary {
  const joined: Partial<BenchSummary> = Object.assign({}, ...parts);
  const missing = SUMMARY_KEYS.filter((key) => typeof joined[key] !== 'number');
  if (missing.length > 0) throw new Error(`summary is missing ${missing.join(', ')}`);
  return Object.fromEntries(SUMMARY_KEYS.map((key) => [key, joined[key]])) as BenchSummary;
}
