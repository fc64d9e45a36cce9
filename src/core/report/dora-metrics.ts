import type { ChangeLifecycle, ProductionEvent } from './change-lifecycle.ts';
import { median } from './median.ts';
import { durationMetric, frequencyMetric, percentMetric, type ReportMetric } from './report-metric.ts';
import { inPeriod, type ReportPeriod } from './report-period.ts';

/** A change's measures with the repository it lives in (deployments are per repository). */
export interface LocatedLifecycle {
  repository: string;
  lifecycle: ChangeLifecycle;
}

/** What a restore needs of an event: where, which change, when (epoch ms). */
interface KeptEvent {
  repository: string;
  /** Order of the change as added: "the same change". */
  change: number;
  at: number;
}

const FINISHING: ReadonlySet<ProductionEvent['kind']> = new Set(['succeeded', 'failed', 'rolled_back']);
const FAILURE: ReadonlySet<ProductionEvent['kind']> = new Set(['failed', 'rolled_back']);

/** DORA's keys gathered one change at a time: only the period's events and the later successes are kept. */
export interface DoraAccumulator {
  add(located: LocatedLifecycle): void;
  finish(): ReportMetric[];
}

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
 * Memory holds the period's distinct events, the lead times and the successes after the period began (a
 * restore follows a failure of the period), never a whole history.
 */
export const createDoraAccumulator = (period: ReportPeriod): DoraAccumulator => {
  const seen = new Set<string>();
  let deployments = 0;
  let finishing = 0;
  const failures: KeptEvent[] = [];
  const successes: KeptEvent[] = [];
  const leadTimes: number[] = [];
  let changes = 0;
  return {
    add({ repository, lifecycle }) {
      const change = changes++;
      for (const event of lifecycle.production) {
        const at = Date.parse(event.at);
        if (event.kind === 'succeeded' && at > period.from) successes.push({ repository, change, at });
        if (!inPeriod(period, event.at)) continue;
        // One deployment that shipped several changes of a repository counts once (the first change seen).
        const id = `${repository}\n${event.deployment}\n${event.kind}`;
        if (seen.has(id)) continue;
        seen.add(id);
        if (event.kind === 'succeeded') deployments += 1;
        if (FINISHING.has(event.kind)) finishing += 1;
        if (FAILURE.has(event.kind)) failures.push({ repository, change, at });
      }
      const first = lifecycle.production.find((event) => event.kind === 'succeeded');
      if (first !== undefined && lifecycle.submittedAt !== null && inPeriod(period, first.at))
        leadTimes.push(Date.parse(first.at) - Date.parse(lifecycle.submittedAt));
    },
    finish() {
      const restores = failures.flatMap((failure) => {
        let soonest: number | null = null;
        for (const success of successes) {
          const after = success.at - failure.at;
          const related = success.change === failure.change || success.repository === failure.repository;
          if (related && after > 0 && (soonest === null || after < soonest)) soonest = after;
        }
        return soonest === null ? [] : [soonest];
      });
      return [
        frequencyMetric({
          name: 'deployment_frequency',
          title: 'Deployment frequency',
          count: deployments,
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
          denominator: finishing,
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
    },
  };
};

/** DORA's four keys of `changes` at once (see `createDoraAccumulator`). */
export const doraMetrics = (changes: readonly LocatedLifecycle[], period: ReportPeriod): ReportMetric[] => {
  const accumulator = createDoraAccumulator(period);
  for (const change of changes) accumulator.add(change);
  return accumulator.finish();
};
