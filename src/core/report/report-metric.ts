import { formatDuration } from '../text/format-duration.ts';

/** A target as the procedure writes it: `>95%` (the figure must be above) or `<24h` (below). */
export interface ReportTarget {
  operator: '>' | '<';
  /** Percent, or milliseconds for a duration. */
  value: number;
  display: string;
}

/** One figure of a report, with what it was computed from and, when it has one, its target. */
export interface ReportMetric {
  name: string;
  title: string;
  unit: 'percent' | 'duration_ms' | 'per_day';
  /** Percent (2 decimals), whole milliseconds, or deployments per day (3 decimals); null when nothing to compute from. */
  value: number | null;
  /** How the report prints it: `96.15%`, `18h`, `0.5/day (3.5/week)`, `n/a`. */
  display: string;
  target: ReportTarget | null;
  /** Whether the value meets the target; null without a target or a value. */
  met: boolean | null;
  /** What the figure counts, e.g. `25 of 26 finished changes`. */
  sample: string;
  /** Why the value is null; null when it is not. */
  reason: string | null;
}

const round = (value: number, decimals: number): number => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

const metMark = (value: number | null, target: ReportTarget | null): boolean | null => {
  if (value === null || target === null) return null;
  // The procedure writes strict bounds (>95%, <24h): a figure equal to its target does not meet it.
  return target.operator === '>' ? value > target.value : value < target.value;
};

/** `numerator / denominator` as a percentage; `n/a` with `reason` when the denominator is 0. */
export const percentMetric = (options: {
  name: string;
  title: string;
  numerator: number;
  denominator: number;
  of: string;
  target?: { operator: '>' | '<'; percent: number };
  reason: string;
}): ReportMetric => {
  const { numerator, denominator } = options;
  const value = denominator === 0 ? null : round((100 * numerator) / denominator, 2);
  const target =
    options.target === undefined
      ? null
      : {
          operator: options.target.operator,
          value: options.target.percent,
          display: `${options.target.operator}${options.target.percent}%`,
        };
  return {
    name: options.name,
    title: options.title,
    unit: 'percent',
    value,
    display: value === null ? 'n/a' : `${value}%`,
    target,
    met: metMark(value, target),
    sample: `${numerator} of ${denominator} ${options.of}`,
    reason: value === null ? options.reason : null,
  };
};

/** A duration figure (a mean or a median of `count` durations); `n/a` with `reason` when there are none. */
export const durationMetric = (options: {
  name: string;
  title: string;
  ms: number | null;
  count: number;
  of: string;
  /** Upper bound in milliseconds. */
  targetBelowMs?: number;
  reason: string;
}): ReportMetric => {
  const value = options.ms === null ? null : Math.round(options.ms);
  const target =
    options.targetBelowMs === undefined
      ? null
      : {
          operator: '<' as const,
          value: options.targetBelowMs,
          display: `<${formatDuration(options.targetBelowMs)}`,
        };
  return {
    name: options.name,
    title: options.title,
    unit: 'duration_ms',
    value,
    display: value === null ? 'n/a' : formatDuration(value),
    target,
    met: metMark(value, target),
    sample: countOf(options.count, options.of),
    reason: value === null ? options.reason : null,
  };
};

/** Events per day of the period, also shown per week. */
export const frequencyMetric = (options: {
  name: string;
  title: string;
  count: number;
  days: number;
  of: string;
}): ReportMetric => {
  const perDay = round(options.count / options.days, 3);
  return {
    name: options.name,
    title: options.title,
    unit: 'per_day',
    value: perDay,
    display: `${perDay}/day (${round((7 * options.count) / options.days, 2)}/week)`,
    target: null,
    met: null,
    sample: `${countOf(options.count, options.of)} in ${round(options.days, 2)} days`,
    reason: null,
  };
};

/**
 * `count` and what it counts, `of` written in the plural: one change, one deployment (the counted phrase only,
 * before any " of …": "1 restored of 3 failed deployments" stays as it is).
 */
export const countOf = (count: number, of: string): string => {
  if (count !== 1) return `${count} ${of}`;
  const counted = of.split(' of ')[0] ?? of;
  return `1 ${counted.replace(/\b(change|deployment)s\b/, '$1')}${of.slice(counted.length)}`;
};
