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
});
