/** Summary of one series of timings (milliseconds unless said otherwise). */
export interface Summary {
  n: number;
  p50: number;
  p95: number;
  mean: number;
}

/** The `p`-th percentile (0–100) by linear interpolation between closest ranks. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of no values');
  if (p < 0 || p > 100) throw new RangeError(`percentile ${p} is outside 0–100`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low]!;
  return lowValue + (sorted[high]! - lowValue) * (rank - low);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((total, v) => total + v, 0) / values.length : NaN;
}

export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    mean: mean(values),
  };
}

/**
 * The median over rounds of `a[i] / b[i]`: each round's two series ran side by side, so the ratio
 * cancels what the machine was doing then, and the median drops the rounds a neighbour disturbed.
 */
export function medianRatio(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) {
    throw new RangeError(
      `medianRatio needs two equal, non-empty series (${a.length}, ${b.length})`,
    );
  }
  return median(a.map((value, i) => value / b[i]!));
}

/** Bounds of `interleave`. */
export interface InterleaveOptions {
  /** Start no new round after this `Date.now()`, once `minRounds` ran. */
  deadline?: number;
  /** Rounds that run whatever the clock says; 1 by default. */
  minRounds?: number;
  now?: () => number;
}

/**
 * Runs `rounds` rounds of every variant, rotating the order each round (ABC, BCA, CAB…) so no
 * variant always runs first or right after the same neighbour; returns each variant's per-round
 * results in round order. Stops early, after a whole round, once past the deadline.
 */
export async function interleave<V extends string, R>(
  variants: readonly V[],
  rounds: number,
  run: (variant: V, round: number) => Promise<R>,
  { deadline = Infinity, minRounds = 1, now = Date.now }: InterleaveOptions = {},
): Promise<Record<V, R[]>> {
  const results = Object.fromEntries(variants.map((v) => [v, [] as R[]])) as Record<V, R[]>;
  for (let round = 0; round < rounds; round++) {
    if (round >= minRounds && now() > deadline) break;
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(round + i) % variants.length]!;
      results[variant].push(await run(variant, round));
    }
  }
  return results;
}
