import { formatDuration } from '../text/format-duration.ts';
import type { ChangeLifecycle } from './change-lifecycle.ts';
import type { ReportPeriod } from './report-period.ts';

/** Months a report's trend covers by default: the period's last month and the five before it. */
export const TREND_MONTHS = 6;

/** One month of the trend: the changes submitted in it, as the period's figures count them. */
export interface TrendMonth {
  /** `2025-01` (UTC). */
  month: string;
  /** Changes whose verified submission falls in the month. */
  changes: number;
  /** Of them, completed, failed or rolled back. */
  finished: number;
  completed: number;
  /** completed / finished in percent (2 decimals); null when none finished. */
  change_success_rate: number | null;
  /** Mean approval time of the month's approved changes in milliseconds; null when none was approved. */
  average_approval_time_ms: number | null;
  /** The same as the procedure writes it (`18h`). */
  average_approval_time: string | null;
}

/** The trend of the months up to the period's last one (a new key of the report). */
export interface ReportTrend {
  /** ISO bounds of the months covered: `from` included, `to` excluded. */
  from: string;
  to: string;
  months: TrendMonth[];
}

const monthLabel = (time: number): string => new Date(time).toISOString().slice(0, 7);

/**
 * The months of the trend, oldest first: the month holding the period's last instant and the `count - 1`
 * before it, as `[from, to)` epoch milliseconds each. A report reads GitHub from the first month's start.
 */
export const trendMonths = (
  period: Pick<ReportPeriod, 'to'>,
  count = TREND_MONTHS,
): Array<{ month: string; from: number; to: number }> => {
  const last = new Date(period.to - 1);
  return Array.from({ length: count }, (_, index) => {
    const offset = index - (count - 1);
    const from = Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + offset, 1);
    const to = Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + offset + 1, 1);
    return { month: monthLabel(from), from, to };
  });
};

interface Bucket {
  changes: number;
  completed: number;
  finished: number;
  approvalSum: number;
  approvals: number;
}

const FINISHED = new Set(['completed', 'failed', 'rolled_back']);

/** The trend gathered one change at a time: a few counters per month, nothing per change. */
export const createTrendAccumulator = (period: Pick<ReportPeriod, 'to'>, count = TREND_MONTHS) => {
  const months = trendMonths(period, count);
  const buckets: Bucket[] = months.map(() => ({
    changes: 0,
    completed: 0,
    finished: 0,
    approvalSum: 0,
    approvals: 0,
  }));
  return {
    add(lifecycle: Pick<ChangeLifecycle, 'submittedAt' | 'status' | 'approvalMs'>): void {
      if (lifecycle.submittedAt === null) return;
      const time = Date.parse(lifecycle.submittedAt);
      const index = months.findIndex((month) => time >= month.from && time < month.to);
      const bucket = buckets[index];
      if (bucket === undefined) return;
      bucket.changes += 1;
      if (lifecycle.status !== null && FINISHED.has(lifecycle.status)) bucket.finished += 1;
      if (lifecycle.status === 'completed') bucket.completed += 1;
      if (lifecycle.approvalMs !== null) {
        bucket.approvalSum += lifecycle.approvalMs;
        bucket.approvals += 1;
      }
    },
    finish(): ReportTrend {
      return {
        from: new Date((months[0] as { from: number }).from).toISOString(),
        to: new Date((months.at(-1) as { to: number }).to).toISOString(),
        months: months.map(({ month }, index) => {
          const bucket = buckets[index] as Bucket;
          const approvalMs =
            bucket.approvals === 0 ? null : Math.round(bucket.approvalSum / bucket.approvals);
          return {
            month,
            changes: bucket.changes,
            finished: bucket.finished,
            completed: bucket.completed,
            change_success_rate:
              bucket.finished === 0 ? null : Math.round((10_000 * bucket.completed) / bucket.finished) / 100,
            average_approval_time_ms: approvalMs,
            average_approval_time: approvalMs === null ? null : formatDuration(approvalMs),
          };
        }),
      };
    },
  };
};
