import type { MetricTargets } from '../policy/policy.ts';
import { parseDuration } from '../text/parse-duration.ts';
import type { ChangeLifecycle } from './change-lifecycle.ts';
import { mean } from './mean.ts';
import { durationMetric, percentMetric, type ReportMetric } from './report-metric.ts';

/** What the procedure's metrics need of one change of the period (kept per change while a report reads). */
export type PeriodChangeMeasures = Pick<
  ChangeLifecycle,
  'status' | 'priority' | 'emergency' | 'approvalMs' | 'implementationMs'
>;

/** The procedure's priorities, in its order: each has its own average approval time. */
export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;

const FINISHED = 'finished changes (completed, failed or rolled back)';

const averageOf = (values: readonly (number | null)[]) => {
  const known = values.filter((value): value is number => value !== null);
  return { ms: mean(known), count: known.length };
};

/**
 * The procedure's "Key Metrics" over the changes of a period, each against its target (`metrics.targets`):
 * - change success rate = completed / (completed + failed + rolled_back), by status; target above;
 * - change failure rate = failed / (completed + failed + rolled_back); no target in the procedure;
 * - rollback rate = rolled_back / (completed + failed + rolled_back); target below;
 * - average approval time = mean over approved changes of (start of the approved block: `submitted`, or the
 *   last valid `invalidated` before the approval) → the last `approved`; overall (no target) and per priority
 *   (the high-priority target below);
 * - average implementation time = mean over changes of the first production `implementing` (or
 *   `emergency_implemented`) → the first production `completed`, `failed` or `rolled_back` after it; target below;
 * - emergency change rate = emergency changes / all changes of the period; target below.
 * A figure with nothing to compute from is null with the reason, never a division by zero.
 */
export const procedureMetrics = (
  changes: readonly PeriodChangeMeasures[],
  targets: MetricTargets,
): ReportMetric[] => {
  const count = (status: string) => changes.filter((change) => change.status === status).length;
  const completed = count('completed');
  const failed = count('failed');
  const rolledBack = count('rolled_back');
  const finished = completed + failed + rolledBack;
  const noFinished = 'no change of the period is completed, failed or rolled back';
  const approval = averageOf(changes.map((change) => change.approvalMs));
  const implementation = averageOf(changes.map((change) => change.implementationMs));
  const perPriority = PRIORITIES.map((priority) => {
    const { ms, count } = averageOf(
      changes.filter((change) => change.priority === priority).map((change) => change.approvalMs),
    );
    return durationMetric({
      name: `average_approval_time_${priority}`,
      title: `Average approval time (${priority} priority)`,
      ms,
      count,
      of: `approved ${priority}-priority changes`,
      ...(priority === 'high' ? { targetBelowMs: parseDuration(targets.average_approval_time_high) } : {}),
      reason: `no ${priority}-priority change of the period was approved`,
    });
  });
  return [
    percentMetric({
      name: 'change_success_rate',
      title: 'Change success rate',
      numerator: completed,
      denominator: finished,
      of: FINISHED,
      target: { operator: '>', percent: targets.change_success_rate },
      reason: noFinished,
    }),
    percentMetric({
      name: 'change_failure_rate',
      title: 'Change failure rate',
      numerator: failed,
      denominator: finished,
      of: FINISHED,
      reason: noFinished,
    }),
    durationMetric({
      name: 'average_approval_time',
      title: 'Average approval time',
      ...approval,
      of: 'approved changes',
      reason: 'no change of the period was approved',
    }),
    ...perPriority,
    durationMetric({
      name: 'average_implementation_time',
      title: 'Average implementation time',
      ...implementation,
      of: 'changes with a finished production deployment',
      targetBelowMs: parseDuration(targets.average_implementation_time),
      reason: 'no change of the period finished a production deployment',
    }),
    percentMetric({
      name: 'rollback_rate',
      title: 'Rollback rate',
      numerator: rolledBack,
      denominator: finished,
      of: FINISHED,
      target: { operator: '<', percent: targets.rollback_rate },
      reason: noFinished,
    }),
    percentMetric({
      name: 'emergency_change_rate',
      title: 'Emergency change rate',
      numerator: changes.filter((change) => change.emergency).length,
      denominator: changes.length,
      of: 'changes of the period',
      target: { operator: '<', percent: targets.emergency_change_rate },
      reason: 'no change was submitted in the period',
    }),
  ];
};
