import { getPrivateKey } from '@probot/get-private-key';
import type { Probot } from 'probot';
import { createTeamMembersCache, type TeamMembersCache } from '../github/octokit/team-members-cache.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import { createNotificationSender } from '../notify/create-notification-sender.ts';
import type { AppMetrics } from '../ops/app-metrics.ts';
import { countFailures } from '../ops/count-failures.ts';
import type { HandlersInFlight } from '../ops/handlers-in-flight.ts';
import type { ReadinessCheck } from '../ops/readiness-check.ts';
import type { DeliveryClaims } from '../use-cases/delivery-claims.ts';
import type { DirtyChanges } from '../use-cases/dirty-changes.ts';
import type { HandedBackNotifications } from '../use-cases/handed-back-notifications.ts';
import { createJoinableEvaluations, type JoinableEvaluations } from '../use-cases/joinable-evaluations.ts';
import { createNotificationQueue } from '../use-cases/notification-queue.ts';
import type { MergeRequirementCache } from '../use-cases/read-merge-requirement.ts';
import { createReviewIssuesOpened } from '../use-cases/review-issues-opened.ts';
import type { RoundLease } from '../use-cases/round-lease.ts';
import type { UseCaseDeps } from '../use-cases/use-case-deps.ts';
import type { WaitingRunListings, WaitingRuns } from '../use-cases/waiting-runs.ts';
import { createIdentity } from './app-identity.ts';
import { createClock } from './create-clock.ts';
import { createDeployGateApprovals } from './create-deploy-gate-approvals.ts';
import { createWaitingRunListings } from './create-waiting-run-listings.ts';
import { loadHistoryKeys } from './history-keys.ts';
import { createReplicaSharing } from './replica-sharing.ts';
import type { SharedRedis } from './shared-redis.ts';

/** What every handler shares for the life of the process: the use cases' deps and the team cache. */
export interface AppDeps extends UseCaseDeps {
  teams: TeamMembersCache;
  /**
   * Branches' merge requirements, for the warning in a change's check when the gate is not required: read by
   * the sweep, used as cached by events (shared in Redis with `REDIS_URL`).
   */
  mergeRequirements: MergeRequirementCache;
  metrics: AppMetrics;
  /** What `/readyz` checks; more can be pushed (a Redis connection) before the server starts. */
  readiness: ReadinessCheck[];
  /** Which replica handles a webhook delivery (all of them without `REDIS_URL`; absent: every delivery). */
  deliveries?: DeliveryClaims;
  /** Events that only re-read a change join its evaluation queued in this process or another (reconcileFromEvent). */
  evaluations: JoinableEvaluations;
  /**
   * The changes whose events no successful evaluation took into account yet (in Redis with `REDIS_URL`; none
   * kept without it), re-evaluated by the heal round when left behind.
   */
  dirty?: DirtyChanges;
  /** Which replica sweeps an installation in a round (every one without `REDIS_URL`; absent: every round). */
  rounds?: RoundLease;
  /** The runs this app's protection rule left waiting (shared in Redis with `REDIS_URL`; absent: none kept). */
  waitingRuns?: WaitingRuns;
  /** When the sweep lists a repository's waiting runs from GitHub (absent: at every sweep). */
  waitingRunListings?: WaitingRunListings;
  /** Where the sweep's and the heal round's rounds are counted, for a graceful stop (absent: not counted). */
  inFlight?: HandlersInFlight;
  /**
   * Where a stop that is not clean keeps the notifications it hands back, for another replica's queue to send
   * (in Redis with `REDIS_URL`; absent without it: nothing is kept).
   */
  handedBack?: HandedBackNotifications;
}

export const createAppDeps = (
  app: Probot,
  options: { metrics: AppMetrics; redis?: SharedRedis | undefined; inFlight?: HandlersInFlight | undefined },
): AppDeps => {
  const keys = loadHistoryKeys({ env: process.env, appPrivateKey: getPrivateKey({ env: process.env }) });
  const now = createClock(process.env);
  const sharing = createReplicaSharing({
    env: process.env,
    log: app.log,
    nowMs: () => now().getTime(),
    ...(options.redis ? { redis: options.redis } : {}),
  });
  return {
    identity: createIdentity(app),
    lock: sharing.lock,
    evaluations: createJoinableEvaluations({
      dirty: sharing.dirty,
      onClearFailed: (key, error) =>
        app.log.warn(
          `the dirty mark of ${key} could not be cleared (the heal round re-evaluates it): ${errorMessage(error)}`,
        ),
    }),
    dirty: sharing.dirty,
    deliveries: sharing.deliveries,
    rounds: sharing.rounds,
    teams: createTeamMembersCache(),
    mergeRequirements: sharing.mergeRequirements,
    gateApprovals: createDeployGateApprovals(),
    reviewIssuesOpened: createReviewIssuesOpened(),
    waitingRuns: sharing.waitingRuns,
    // On the app's clock: a rehearsal that moves it (CHANGE_GATE_CLOCK_FILE) moves the sweep's listings too.
    waitingRunListings: createWaitingRunListings({ now: () => now().getTime() }),
    keys,
    now,
    notifications: createNotificationQueue({
      sender: countFailures(createNotificationSender({ env: process.env }), options.metrics),
      sent: sharing.sentDeliveries,
      log: app.log,
      ...(sharing.handedBack ? { handedBack: sharing.handedBack } : {}),
    }),
    ...(sharing.handedBack ? { handedBack: sharing.handedBack } : {}),
    metrics: options.metrics,
    ...(options.inFlight ? { inFlight: options.inFlight } : {}),
    onEvaluated: (decision) => options.metrics.evaluations.inc({ status: decision.status ?? 'none' }),
    readiness: [
      {
        name: 'history-keys',
        check: () => {
          if (keys.verifiers.length === 0) throw new Error('no key verifies history');
        },
      },
    ],
  };
};
