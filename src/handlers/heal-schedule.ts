import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { DurationError, parseDuration } from '../core/text/parse-duration.ts';
import { createOctokitPort } from '../github/octokit/octokit-port.ts';
import { octokitRepositorySettingsPort } from '../github/octokit/octokit-repository-settings-port.ts';
import { octokitReviewIssuePort } from '../github/octokit/octokit-review-issue-port.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import { noDirtyChanges } from '../use-cases/dirty-changes.ts';
import { healDirtyChanges } from '../use-cases/heal-dirty-changes.ts';
import { reconcileChange } from '../use-cases/reconcile-change.ts';
import { everyRound } from '../use-cases/round-lease.ts';
import { releaseWaitingDeploysAfter } from './release-after-approval.ts';

export const DEFAULT_HEAL_INTERVAL = '15s';
export const DEFAULT_HEAL_GRACE = '30s';
/** Changes evaluated per round at most: a backlog is worked off over several rounds. */
const PER_ROUND = 50;

const duration = (name: string, text: string | undefined, fallback: string): number | null => {
  const value = (text ?? '').trim() || fallback;
  if (value === 'off' || value === '0') return null;
  try {
    return parseDuration(value);
  } catch (error) {
    if (!(error instanceof DurationError)) throw error;
    throw new Error(`${name}: ${error.message}; or off`);
  }
};

/**
 * `CHANGE_GATE_HEAL_INTERVAL` (default 15s; `off` or `0` turns the heal round off) and `CHANGE_GATE_HEAL_GRACE`
 * (default 30s: how old a dirty mark must be before the round evaluates its change), read once at start. A
 * value that is not a duration stops the app.
 */
export const healTiming = (
  env: Record<string, string | undefined>,
): { intervalMs: number; graceMs: number } | null => {
  const intervalMs = duration(
    'CHANGE_GATE_HEAL_INTERVAL',
    env.CHANGE_GATE_HEAL_INTERVAL,
    DEFAULT_HEAL_INTERVAL,
  );
  const graceMs = duration('CHANGE_GATE_HEAL_GRACE', env.CHANGE_GATE_HEAL_GRACE, DEFAULT_HEAL_GRACE);
  if (graceMs === null)
    throw new Error(
      'CHANGE_GATE_HEAL_GRACE: off is not a grace period (turn the heal round off with CHANGE_GATE_HEAL_INTERVAL=off)',
    );
  return intervalMs === null ? null : { intervalMs, graceMs };
};

/**
 * The heal round (healDirtyChanges), with replicas on Redis only: every interval, the replica that takes the
 * round's lease evaluates the changes left dirty longer than the grace period, as an event would (as the app,
 * under the change's lock, then releasing the deploys it approves). Without Redis nothing is marked dirty.
 */
export const registerHealSchedule = (
  app: Probot,
  deps: AppDeps,
  env: Record<string, string | undefined> = process.env,
): void => {
  const dirty = deps.dirty ?? noDirtyChanges;
  const timing = healTiming(env);
  if (timing === null || dirty === noDirtyChanges) return;
  const rounds = deps.rounds ?? everyRound;
  const leaseMs = Math.max(1, Math.floor(timing.intervalMs * 0.9));
  const round = async (): Promise<void> => {
    if (!(await rounds.take('heal', leaseMs))) return;
    const { botLogin } = await deps.identity();
    await healDirtyChanges({
      dirty,
      graceMs: timing.graceMs,
      limit: PER_ROUND,
      log: app.log,
      evaluate: async ({ installationId, ref }, onReading) => {
        const octokit = await app.auth(installationId);
        const repo = { owner: ref.owner, repo: ref.repo };
        const decision = await reconcileChange({
          deps,
          port: createOctokitPort({ octokit, teams: deps.teams }),
          log: app.log,
          ref,
          actor: botLogin,
          mergeRequirement: {
            settings: octokitRepositorySettingsPort({ octokit, ...repo }),
            cache: deps.mergeRequirements,
          },
          reviewIssues: octokitReviewIssuePort(octokit),
          onReading,
        });
        // As after the event it stands for: an approval releases the deploys waiting for it.
        await releaseWaitingDeploysAfter({ deps, context: { octokit, repo: () => repo, log: app.log } })(
          decision,
        );
      },
    });
  };
  const schedule = (): void => {
    setTimeout(() => {
      round()
        .catch((error: unknown) => app.log.warn(`heal round failed: ${errorMessage(error)}`))
        .finally(schedule);
    }, timing.intervalMs).unref();
  };
  schedule();
};
