/**
 * Nearest-rank percentile (`q` in 0..1) of `values`: the smallest value at least `q` of them do not exceed.
 * With fewer than 100 samples the 99th percentile is the largest one.
 */
export const percentile = (values: readonly number[], q: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] as number;
};

export const median = (values: readonly number[]): number => percentile(values, 0.5);
