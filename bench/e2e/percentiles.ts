export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank percentile (the smallest value with at least p % of samples at or below it) of ascending values. */
export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) return Number.NaN;
  if (p <= 0) return sortedAscending[0] as number;
  const rank = Math.ceil((p / 100) * sortedAscending.length);
  return sortedAscending[Math.min(rank, sortedAscending.length) - 1] as number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  const values = Array.from(sorted);
  return {
    count: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.length === 0 ? Number.NaN : (values[values.length - 1] as number),
  };
}
