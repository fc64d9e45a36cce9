import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { settingDuration } from '../core/text/setting-duration.ts';
import { createOctokitPort } from '../github/octokit/octokit-port.ts';
import { octokitRepositorySettingsPort } from '../github/octokit/octokit-repository-settings-port.ts';
import { octokitReviewIssuePort } from '../github/octokit/octokit-review-issue-port.ts';
import { octokitSweepPort } from '../github/octokit/octokit-sweep-port.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import { setGauge } from '../ops/app-metrics.ts';
import { scheduledRound } from '../ops/handlers-in-flight.ts';
import { everyRound } from '../use-cases/round-lease.ts';
import { sweepInstallation } from '../use-cases/sweep-installation.ts';
import { leasesGivenBackWhenCut } from './leases-given-back-when-cut.ts';
import { releaseWaitingDeploysAfter } from './release-after-approval.ts';
import { sweepWaitingDeploys } from './sweep-waiting-deploys.ts';

export const DEFAULT_SWEEP_INTERVAL = '15m';
const FIRST_SWEEP_AFTER_MS = 60_000;

/**
 * `CHANGE_GATE_SWEEP_INTERVAL` (a duration: `15m` by default; `off` or `0` turns the sweep off), read once at
 * start. A value that is not a duration stops the app: a sweep silently off would leave overdue changes unseen.
 */
export const sweepIntervalMs = (env: Record<string, string | undefined>): number | null =>
  settingDuration('CHANGE_GATE_SWEEP_INTERVAL', env.CHANGE_GATE_SWEEP_INTERVAL, {
    fallback: DEFAULT_SWEEP_INTERVAL,
    offable: true,
  });

interface InstallationItem {
  id: number;
  account: { login: string; type?: string } | null;
}

/**
 * The app's sweep (see sweepInstallation): a minute after the start, then every interval, for each
 * installation, one search, then only the changes that are due. The next round starts an interval after the
 * last one ended, so rounds never overlap in this process; the lock keeps one sweep per installation besides.
 * With several replicas (REDIS_URL), the one that takes an installation's round lease sweeps it; the others
 * skip it until the next round.
 */
export const registerSweepSchedule = (
  app: Probot,
  deps: AppDeps,
  env: Record<string, string | undefined> = process.env,
): void => {
  const intervalMs = sweepIntervalMs(env);
  if (intervalMs === null) return;
  const label = env.CHANGE_GATE_SWEEP_LABEL?.trim() || 'change';
  const rounds = leasesGivenBackWhenCut({
    rounds: deps.rounds ?? everyRound,
    inFlight: deps.inFlight,
    log: app.log,
  });
  // One replica sweeps an installation per round: the lease ends a little before the next round is due.
  const leaseMs = Math.max(1, Math.floor(intervalMs * 0.9));
  /** Sweeps every installation; resolves whether each one was swept (or left to another replica) without a failure. */
  const round = async (): Promise<boolean> => {
    // see: https://docs.github.com/rest/apps/apps#list-installations-for-the-authenticated-app
    const appOctokit = await app.auth();
    const installations = (await appOctokit.paginate('GET /app/installations', {
      per_page: 100,
    })) as InstallationItem[];
    let failed = false;
    for (const installation of installations) {
      if (!installation.account) continue;
      const account = {
        login: installation.account.login,
        type: installation.account.type === 'User' ? ('User' as const) : ('Organization' as const),
      };
      try {
        if (!(await rounds.take(`sweep:${installation.id}`, leaseMs))) continue;
        const octokit = await app.auth(installation.id);
        await sweepInstallation({
          deps,
          sweep: octokitSweepPort({ octokit }),
          port: createOctokitPort({ octokit, teams: deps.teams }),
          log: app.log,
          account,
          label,
          mergeRequirementFor: (repo) => ({
            settings: octokitRepositorySettingsPort({ octokit, ...repo }),
            cache: deps.mergeRequirements,
          }),
          // The events' evaluations only use what is cached: the sweep reads the open changes' base branches.
          refreshMergeRequirements: true,
          reviewIssues: octokitReviewIssuePort(octokit),
          // As after a webhook: a change the sweep finds approved releases the deploys waiting for it.
          afterReconcile: (repo, decision) =>
            releaseWaitingDeploysAfter({ deps, context: { octokit, repo: () => repo, log: app.log } })(
              decision,
            ),
          // The backstop for deploys whose protection-rule event was missed (not an approval event's).
          afterRepository: async (repo) => {
            await sweepWaitingDeploys({ deps, octokit, repo, log: app.log });
          },
        });
      } catch (error) {
        failed = true;
        deps.metrics.sweepFailures.inc();
        app.log.warn(`sweep of ${account.login} failed: ${errorMessage(error)}`);
      } finally {
        rounds.ended();
      }
    }
    return !failed;
  };
  const schedule = (delayMs: number): void => {
    setTimeout(() => {
      const running = scheduledRound(deps.inFlight, round);
      if (running === null) return;
      const timed = deps.metrics.sweepSeconds.startTimer();
      running
        .then((clean) => {
          if (clean) setGauge(deps.metrics.registry, deps.metrics.sweepLastCompleted, Date.now() / 1000);
        })
        .catch((error: unknown) => app.log.warn(`sweep failed: ${errorMessage(error)}`))
        .finally(() => {
          timed();
          schedule(intervalMs);
        });
    }, delayMs).unref();
  };
  // Soon after a start, not a whole interval later: what happened while the app was down is healed first.
  schedule(Math.min(intervalMs, FIRST_SWEEP_AFTER_MS));
};
