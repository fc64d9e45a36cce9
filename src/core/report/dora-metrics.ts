import type { ChangeLifecycle, ProductionEvent } from './change-lifecycle.ts';
import { median } from './median.ts';
import { durationMetric, frequencyMetric, percentMetric, type ReportMetric } from './report-metric.ts';
import { inPeriod, type ReportPeriod } from './report-period.ts';

/** A change's measures with the repository it lives in (deployments are per repository). */
export interface LocatedLifecycle {
  repository: string;
  lifecycle: ChangeLifecycle;
}

interface LocatedEvent extends ProductionEvent {
  repository: string;
  /** Index of the change in the input: "the same change". */
  change: number;
}

const FINISHING: ReadonlySet<ProductionEvent['kind']> = new Set(['succeeded', 'failed', 'rolled_back']);
const FAILURE: ReadonlySet<ProductionEvent['kind']> = new Set(['failed', 'rolled_back']);

/** Distinct events: one deployment that shipped several changes of a repository counts once. */
const distinct = (events: readonly LocatedEvent[]): LocatedEvent[] => {
  const seen = new Set<string>();
  return events.filter((event) => {
    const id = `${event.repository}\n${event.deployment}\n${event.kind}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
};

/**
 * DORA's four keys, from the production events of every counted change, whenever it was submitted; an event
 * counts in the period its own time falls in:
 * - deployment frequency = successful production deployments (production `completed`, or an emergency
 *   deployment's `finished` entry; one deployment of several changes of a repository counts once) / days of
 *   the period;
 * - lead time for changes = median, over changes whose first successful production deployment falls in the
 *   period, of `submitted` → that deployment;
 * - change failure rate = production deployments that failed or were rolled back / production deployments
 *   that finished (succeeded, failed or rolled back), distinct per repository and deployment;
 * - time to restore = median, over failures and rollbacks in the period, of the failure → the next successful
 *   production deployment of the same change or of any change of the same repository; a failure not yet
 *   restored is counted in the sample, not in the median.
 */
export const doraMetrics = (changes: readonly LocatedLifecycle[], period: ReportPeriod): ReportMetric[] => {
  const events: LocatedEvent[] = changes.flatMap(({ repository, lifecycle }, change) =>
    lifecycle.production.map((event) => ({ ...event, repository, change })),
  );
  const inside = distinct(events.filter((event) => inPeriod(period, event.at)));
  const deployments = inside.filter((event) => event.kind === 'succeeded');
  const finishing = inside.filter((event) => FINISHING.has(event.kind));
  const failures = inside.filter((event) => FAILURE.has(event.kind));

  const leadTimes = changes.flatMap(({ lifecycle }) => {
    const first = lifecycle.production.find((event) => event.kind === 'succeeded');
    if (first === undefined || lifecycle.submittedAt === null || !inPeriod(period, first.at)) return [];
    return [Date.parse(first.at) - Date.parse(lifecycle.submittedAt)];
  });

  const successes = events.filter((event) => event.kind === 'succeeded');
  const restores = failures.flatMap((failure) => {
    const failedAt = Date.parse(failure.at);
    let soonest: number | null = null;
    for (const success of successes) {
      const after = Date.parse(success.at) - failedAt;
      const related = success.change === failure.change || success.repository === failure.repository;
      if (related && after > 0 && (soonest === null || after < soonest)) soonest = after;
    }
    return soonest === null ? [] : [soonest];
  });

  return [
    frequencyMetric({
      name: 'deployment_frequency',
      title: 'Deployment frequency',
      count: deployments.length,
      days: period.days,
      of: 'successful production deployments',
    }),
    durationMetric({
      name: 'lead_time_for_changes',
      title: 'Lead time for changes (median)',
      ms: median(leadTimes),
      count: leadTimes.length,
      of: 'changes first deployed to production in the period',
      reason: 'no change was first deployed to production in the period',
    }),
    percentMetric({
      name: 'change_failure_rate',
      title: 'Change failure rate (deployments)',
      numerator: failures.length,
      denominator: finishing.length,
      of: 'finished production deployments',
      reason: 'no production deployment finished in the period',
    }),
    durationMetric({
      name: 'time_to_restore',
      title: 'Time to restore (median)',
      ms: median(restores),
      count: restores.length,
      of: `restored of ${failures.length} failed or rolled-back production deployments`,
      reason:
        failures.length === 0
          ? 'no production deployment failed or was rolled back in the period'
          : 'no failed or rolled-back production deployment of the period was restored yet',
    }),
  ];
};
