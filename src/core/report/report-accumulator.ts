import type { ChangeStatus } from '../decision/change-status.ts';
import { recordedState } from '../decision/recorded-state.ts';
import type { MetricTargets } from '../policy/policy.ts';
import { formatDuration } from '../text/format-duration.ts';
import { changeLifecycle } from './change-lifecycle.ts';
import { createDoraAccumulator } from './dora-metrics.ts';
import { createEscalationCounter } from './escalation-counts.ts';
import { type PeriodChangeMeasures, PRIORITIES, procedureMetrics } from './procedure-metrics.ts';
import type { NotCountedChange, Report, ReportChange, ReportedChange } from './report.ts';
import { inPeriod, type ReportPeriodInput, reportPeriod } from './report-period.ts';
import { createTrendAccumulator, TREND_MONTHS } from './report-trend.ts';
import { untrustedHistory } from './untrusted-history.ts';

/** The procedure's status words, in its order, then ours; `pending_approval` is the procedure's `pending`. */
const STATUS_KEYS: Record<ChangeStatus, string> = {
  pending_approval: 'pending',
  approved: 'approved',
  implementing: 'implementing',
  completed: 'completed',
  rejected: 'rejected',
  failed: 'failed',
  rolled_back: 'rolled_back',
  cancelled: 'cancelled',
  invalid: 'invalid',
};

/** The procedure's change types (section 1); others recorded are added after them, sorted. */
const TYPES = ['security', 'feature', 'bugfix', 'infrastructure'] as const;

/** Counts with the `known` keys first (zeros included), then any other key, sorted: a stable key order. */
const tally = (values: readonly string[], known: readonly string[]): Record<string, number> => {
  const counts: Record<string, number> = Object.fromEntries(known.map((key) => [key, 0]));
  const others = [...new Set(values.filter((value) => !known.includes(value)))].sort();
  for (const key of others) counts[key] = 0;
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
};

const byPlace = <T extends { repository: string; number: number }>(a: T, b: T): number =>
  a.repository < b.repository ? -1 : a.repository > b.repository ? 1 : a.number - b.number;

const durationText = (ms: number | null): string | null => (ms === null ? null : formatDuration(ms));

export interface ReportAccumulatorOptions {
  /** A month (`2025-01`) or a half-open range `{ from, to }`. */
  period: ReportPeriodInput;
  /** `policy.metrics.targets` (the procedure's targets by default). */
  targets: MetricTargets;
  /** Months of the trend, the period's last month included (6 by default). */
  trendMonths?: number;
}

/** A report built one change at a time: `add` each change read, then `finish` once. */
export interface ReportAccumulator {
  add(change: ReportChange): void;
  /** Changes added so far. */
  readonly added: number;
  finish(): Report;
}

/**
 * The report of a period, computed from verified history entries only (pure), one change at a time so that
 * a reader can hand over each page of changes and let it go: per change only what a figure needs is kept (its
 * listed row and measures when it belongs to the period, its production events in or after the period, its
 * escalations as counters, its month in the trend as counters).
 * 1. A change whose history does not verify (see `untrustedHistory`) is set apart: listed with its reasons
 *    in `not_counted`, never in a figure (unless its verified submission falls outside the period).
 * 2. A change belongs to the period by the time of its latest `submitted` entry, `from` included, `to`
 *    excluded; a change never submitted belongs to none. `total_changes`, `by_*`, the averages and the
 *    procedure's metrics are over these changes; the trend counts the same way per month.
 * 3. DORA's keys and the escalations count events by their own time, from every counted change given.
 */
export const createReportAccumulator = (options: ReportAccumulatorOptions): ReportAccumulator => {
  const period = reportPeriod(options.period);
  const notCounted: NotCountedChange[] = [];
  const measures: PeriodChangeMeasures[] = [];
  const listed: ReportedChange[] = [];
  const dora = createDoraAccumulator(period);
  const escalations = createEscalationCounter(period);
  const trend = createTrendAccumulator(period, options.trendMonths ?? TREND_MONTHS);
  let added = 0;
  return {
    get added() {
      return added;
    },
    add(change) {
      added += 1;
      const reasons = untrustedHistory(change.history.problems);
      if (reasons.length > 0) {
        const submitted = recordedState(change.history.entries).submitted?.entry.at;
        if (submitted !== undefined && !inPeriod(period, submitted)) return;
        const { repository, number, changeId } = change;
        notCounted.push({ repository, number, change_id: changeId, reasons });
        return;
      }
      const lifecycle = changeLifecycle(change.history.entries);
      dora.add({ repository: change.repository, lifecycle });
      escalations.add(change.history.entries, lifecycle.priority);
      trend.add(lifecycle);
      if (lifecycle.submittedAt === null || !inPeriod(period, lifecycle.submittedAt)) return;
      const { status, priority, type, emergency, approvalMs, implementationMs } = lifecycle;
      measures.push({ status, priority, emergency, approvalMs, implementationMs });
      listed.push({
        repository: change.repository,
        number: change.number,
        change_id: change.changeId,
        title: lifecycle.title,
        submitted_at: lifecycle.submittedAt,
        status: status === null ? 'unknown' : STATUS_KEYS[status],
        priority,
        type,
        emergency,
        approval_time: durationText(approvalMs),
        implementation_time: durationText(implementationMs),
      });
    },
    finish() {
      const metrics = procedureMetrics(measures, options.targets);
      const average = (name: string) => metrics.find((metric) => metric.name === name)?.value ?? null;
      const changes = [...listed].sort(byPlace);
      return {
        report_period: period.label,
        total_changes: measures.length,
        by_status: tally(
          changes.map((change) => change.status),
          Object.values(STATUS_KEYS),
        ),
        by_priority: tally(
          changes.map((change) => change.priority),
          PRIORITIES,
        ),
        by_type: tally(
          changes.map((change) => change.type),
          TYPES,
        ),
        average_approval_time: durationText(average('average_approval_time')),
        average_implementation_time: durationText(average('average_implementation_time')),
        period: { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString() },
        metrics,
        dora: dora.finish(),
        escalations: escalations.finish(),
        trend: trend.finish(),
        changes,
        not_counted: { total: notCounted.length, changes: [...notCounted].sort(byPlace) },
      };
    },
  };
};
