import type { ChangeStatus } from '../decision/change-status.ts';
import { recordedState } from '../decision/recorded-state.ts';
import type { MetricTargets } from '../policy/policy.ts';
import { formatDuration } from '../text/format-duration.ts';
import { type ChangeLifecycle, changeLifecycle } from './change-lifecycle.ts';
import { doraMetrics, type LocatedLifecycle } from './dora-metrics.ts';
import { PRIORITIES, procedureMetrics } from './procedure-metrics.ts';
import type { NotCountedChange, Report, ReportChange, ReportedChange } from './report.ts';
import { inPeriod, type ReportPeriodInput, reportPeriod } from './report-period.ts';
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

export interface BuildReportOptions {
  changes: readonly ReportChange[];
  /** A month (`2025-01`) or a half-open range `{ from, to }`. */
  period: ReportPeriodInput;
  /** `policy.metrics.targets` (the procedure's targets by default). */
  targets: MetricTargets;
}

/**
 * The report of a period, computed from verified history entries only (pure).
 * 1. A change whose history does not verify (see `untrustedHistory`) is set apart: listed with its reasons
 *    in `not_counted`, never in a figure (unless its verified submission falls outside the period).
 * 2. A change belongs to the period by the time of its latest `submitted` entry, `from` included, `to`
 *    excluded; a change never submitted belongs to none. `total_changes`, `by_*`, the averages and the
 *    procedure's metrics are over these changes.
 * 3. DORA's keys count production events by their own time, from every counted change given.
 */
export const buildReport = ({ changes, period: input, targets }: BuildReportOptions): Report => {
  const period = reportPeriod(input);
  const notCounted: NotCountedChange[] = [];
  const trusted: Array<{ change: ReportChange; lifecycle: ChangeLifecycle }> = [];
  for (const change of changes) {
    const reasons = untrustedHistory(change.history.problems);
    if (reasons.length === 0) {
      trusted.push({ change, lifecycle: changeLifecycle(change.history.entries) });
      continue;
    }
    const submitted = recordedState(change.history.entries).submitted?.entry.at;
    if (submitted !== undefined && !inPeriod(period, submitted)) continue;
    const { repository, number, changeId } = change;
    notCounted.push({ repository, number, change_id: changeId, reasons });
  }
  const ofPeriod = trusted.filter(
    ({ lifecycle }) => lifecycle.submittedAt !== null && inPeriod(period, lifecycle.submittedAt),
  );
  const lifecycles = ofPeriod.map(({ lifecycle }) => lifecycle);
  const metrics = procedureMetrics(lifecycles, targets);
  const located: LocatedLifecycle[] = trusted.map(({ change, lifecycle }) => ({
    repository: change.repository,
    lifecycle,
  }));
  const average = (name: string) => metrics.find((metric) => metric.name === name)?.value ?? null;
  const listed: ReportedChange[] = ofPeriod
    .map(({ change, lifecycle }) => ({
      repository: change.repository,
      number: change.number,
      change_id: change.changeId,
      title: lifecycle.title,
      submitted_at: lifecycle.submittedAt as string,
      status: lifecycle.status === null ? 'unknown' : STATUS_KEYS[lifecycle.status],
      priority: lifecycle.priority,
      type: lifecycle.type,
      emergency: lifecycle.emergency,
      approval_time: durationText(lifecycle.approvalMs),
      implementation_time: durationText(lifecycle.implementationMs),
    }))
    .sort(byPlace);
  return {
    report_period: period.label,
    total_changes: lifecycles.length,
    by_status: tally(
      listed.map((change) => change.status),
      Object.values(STATUS_KEYS),
    ),
    by_priority: tally(
      lifecycles.map((lifecycle) => lifecycle.priority),
      PRIORITIES,
    ),
    by_type: tally(
      lifecycles.map((lifecycle) => lifecycle.type),
      TYPES,
    ),
    average_approval_time: durationText(average('average_approval_time')),
    average_implementation_time: durationText(average('average_implementation_time')),
    period: { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString() },
    metrics,
    dora: doraMetrics(located, period),
    changes: listed,
    not_counted: { total: notCounted.length, changes: notCounted.sort(byPlace) },
  };
};
