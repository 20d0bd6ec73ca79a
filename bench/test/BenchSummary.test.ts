import { describe, expect, it } from 'vitest';
import { completeSummary, SUMMARY_KEYS } from '../BenchSummary.ts';

const all = Object.fromEntries(SUMMARY_KEYS.map((key, i) => [key, i + 0.5]));

describe('completeSummary', () => {
  it('joins the sections’ parts into every key, in the fixed order', () => {
    const [first, ...rest] = SUMMARY_KEYS;
    const parts = [Object.fromEntries(rest.map((key) => [key, all[key]])), { [first]: all[first] }];
    const summary = completeSummary(parts);
    expect(Object.keys(summary)).toEqual([...SUMMARY_KEYS]);
    expect(summary).toEqual(all);
  });

  it('refuses a summary with a figure missing, naming it', () => {
    const partial = { ...all };
    delete partial.coldOverWarm;
    expect(() => completeSummary([partial])).toThrow(/coldOverWarm/);
  });

  it('keeps the keys of issue 11 and adds those of issue 15', () => {
    expect(SUMMARY_KEYS).toEqual(
      expect.arrayContaining([
        // issue 11
        'nonApiOverNoWorker',
        'coldOverWarm',
        'coldCognitoCalls',
        'workerOverPassThroughP50',
        'workerOverAws4fetchP50',
        'workerOverAws4fetchP50Rtt30',
        'throughputWorkerOverPassThrough',
        'throughputWorkerOverAws4fetchRtt30',
        'body1MiBWorkerOverPassThrough',
        'body10MiBWorkerOverPassThrough',
        'swGzipBytes',
        'pageClientGzipBytes',
        // issue 15
        'preflightsPerRequestWorker',
        'preflightsPerRequestAws4fetch',
        'workerOverAws4fetchP50Rtt30SameUrl',
        'workerOverAws4fetchP50Rtt30DistinctUrls',
        'workerQueryGetOverAws4fetchP50Rtt30DistinctUrls',
        'putWorkerOverAws4fetchP50Rtt30',
        'coldOverColdPassThrough',
      ]),
    );
    expect(new Set(SUMMARY_KEYS).size).toBe(SUMMARY_KEYS.length);
  });

  it('refuses a figure that is not a number, as a section that never ran its scenario leaves it', () => {
    const partial: Record<string, unknown> = { ...all, preflightsPerRequestWorker: undefined };
    expect(() => completeSummary([partial as never])).toThrow(/preflightsPerRequestWorker/);
  });
});
