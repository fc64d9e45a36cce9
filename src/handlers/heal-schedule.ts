import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { healTiming } from '../app/heal-timing.ts';
import { movedChange } from '../github/octokit/current-repository-name.ts';
import { isChangeGone, isInstallationGone } from '../github/octokit/github-gone.ts';
import { createOctokitPort } from '../github/octokit/octokit-port.ts';
import { octokitRepositorySettingsPort } from '../github/octokit/octokit-repository-settings-port.ts';
import { octokitReviewIssuePort } from '../github/octokit/octokit-review-issue-port.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import { repeatRound } from '../ops/handlers-in-flight.ts';
import { noDirtyChanges } from '../use-cases/dirty-changes.ts';
import { ChangeGoneError, healDirtyChanges } from '../use-cases/heal-dirty-changes.ts';
import { reconcileChange } from '../use-cases/reconcile-change.ts';
import { everyRound } from '../use-cases/round-lease.ts';
import { leasesGivenBackWhenCut } from './leases-given-back-when-cut.ts';
import { releaseWaitingDeploysAfter } from './release-after-approval.ts';

/** Changes evaluated per round at most: a backlog is worked off over several rounds. */
const PER_ROUND = 50;
/** The longest a change that keeps failing waits between two tries (its waits double from the interval). */
const LONGEST_RETRY_MS = 3_600_000;
/**
 * The longest a member claimed by one replica's round is left alone by the others' (at least twice the interval):
 * a claim is shortened once its change is settled (to its retry's delay, or the grace period), so this only
 * bounds one that is never given back (its replica died while evaluating).
 */
const CLAIM_MS = 120_000;

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
  const rounds = leasesGivenBackWhenCut({
    rounds: deps.rounds ?? everyRound,
    inFlight: deps.inFlight,
    log: app.log,
  });
  const leaseMs = Math.max(1, Math.floor(timing.intervalMs * 0.9));
  const round = async (): Promise<void> => {
    try {
      await healRound();
    } finally {
      rounds.ended();
    }
  };
  const healRound = async (): Promise<void> => {
    if (!(await rounds.take('heal', leaseMs))) return;
    // The lease is not renewed: the round starts no evaluation past it, and each member is claimed, so that
    // a round that overlaps the next one (a slow evaluation) never evaluates the same change as it at once.
    const startedAt = Date.now();
    const { botLogin } = await deps.identity();
    const report = await healDirtyChanges({
      dirty,
      graceMs: timing.graceMs,
      limit: PER_ROUND,
      backoff: { firstDelayMs: timing.intervalMs, maxDelayMs: Math.max(timing.intervalMs, LONGEST_RETRY_MS) },
      log: app.log,
      claim: (member) => rounds.take(`heal-change:${member}`, Math.max(CLAIM_MS, 2 * timing.intervalMs)),
      // Shortened once settled: a change that failed is tried again after its backoff, not after the claim's
      // max(CLAIM_MS, 2 × interval).
      giveBack: async (member, inMs) => {
        await rounds.giveBack(`heal-change:${member}`, inMs);
      },
      inTime: () => Date.now() - startedAt < leaseMs,
      // A mark names the repository as its event did: after a rename or transfer, its old name reads as gone.
      movedTo: async ({ installationId, ref }) => {
        const octokit = await app.auth(installationId).catch((error: unknown) => {
          if (isInstallationGone(error)) return null;
          throw error;
        });
        return octokit === null ? null : movedChange(octokit, ref);
      },
      evaluate: async ({ installationId, ref }, onReading) => {
        try {
          const octokit = await app.auth(installationId);
          const repo = { owner: ref.owner, repo: ref.repo };
          const port = createOctokitPort({ octokit, teams: deps.teams });
          let unsettled = false;
          const decision = await reconcileChange({
            deps,
            port: {
              ...port,
              // Only the change's own read says it is gone: a 404 elsewhere (a label, a deploy) is not that.
              readChange: (read) =>
                port.readChange(read).catch((error: unknown) => {
                  throw isChangeGone(error)
                    ? new ChangeGoneError(errorMessage(error), { cause: error })
                    : error;
                }),
            },
            log: app.log,
            ref,
            actor: botLogin,
            mergeRequirement: {
              settings: octokitRepositorySettingsPort({ octokit, ...repo }),
              cache: deps.mergeRequirements,
            },
            reviewIssues: octokitReviewIssuePort(octokit),
            onReading,
            onUnsettled: () => {
              unsettled = true;
            },
          });
          // Evaluated without the lock (this replica could not ask Redis): a holder may still write from an older
          // read, so the mark is not cleared; the change is tried again later, behind the lock.
          if (unsettled) throw new Error("evaluated without the replicas' shared lock: tried again later");
          // As after the event it stands for: an approval releases the deploys waiting for it.
          await releaseWaitingDeploysAfter({ deps, context: { octokit, repo: () => repo, log: app.log } })(
            decision,
          );
        } catch (error) {
          if (isInstallationGone(error))
            throw new ChangeGoneError(`installation ${installationId} is gone: ${errorMessage(error)}`, {
              cause: error,
            });
          throw error;
        }
      },
    });
    for (const { reason } of report.dropped) deps.metrics.dirtyMarksDropped.inc({ reason });
  };
  repeatRound({
    inFlight: deps.inFlight,
    intervalMs: timing.intervalMs,
    round,
    failed: (error) => app.log.warn(`heal round failed: ${errorMessage(error)}`),
  });
};
