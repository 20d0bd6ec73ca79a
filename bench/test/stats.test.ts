import { describe, expect, it } from 'vitest';
import { interleave, median, medianRatio, percentile, summarize } from '../stats.ts';

describe('stats', () => {
  it('interpolates percentiles between closest ranks', () => {
    const values = [5, 1, 4, 2, 3];
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 50)).toBe(3);
    expect(percentile(values, 100)).toBe(5);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 20], 95)).toBeCloseTo(19.5);
  });

  it('refuses an empty series and percentiles out of range', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('summarizes a series with p50, p95 and mean', () => {
    const values = Array.from({ length: 101 }, (_, i) => i);
    expect(summarize(values)).toEqual({ n: 101, p50: 50, p95: 95, mean: 50 });
  });

  it('takes the median of per-round ratios, ignoring one disturbed round', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(medianRatio([2, 2, 50], [1, 1, 1])).toBe(2);
    expect(() => medianRatio([1], [1, 2])).toThrow(RangeError);
  });

  it('rotates the order of variants round by round', async () => {
    const order: string[] = [];
    const results = await interleave(['a', 'b', 'c'], 3, async (variant, round) => {
      order.push(variant);
      return `${variant}${round}`;
    });
    expect(order.join('')).toBe('abcbcacab');
    expect(results).toEqual({
      a: ['a0', 'a1', 'a2'],
      b: ['b0', 'b1', 'b2'],
      c: ['c0', 'c1', 'c2'],
    });
  });

  it('stops after a whole round once past the deadline, but runs the minimum first', async () => {
    let clock = 0;
    const results = await interleave(
      ['a', 'b'],
      10,
      async () => {
        clock += 10;
        return clock;
      },
      { deadline: 25, now: () => clock },
    );
    expect(results).toEqual({ a: [10, 40], b: [20, 30] });
    const late = await interleave(['a'], 3, async () => 1, { deadline: 0, now: () => 5 });
    expect(late).toEqual({ a: [1] });
    const least = await interleave(['a'], 5, async () => 1, {
      deadline: 0,
      minRounds: 3,
      now: () => 5,
    });
    expect(least).toEqual({ a: [1, 1, 1] });
  });
});
