import type { DeploymentOutcome } from '../deploy/deployment-outcome.ts';
import { emergencyLoop, loopSettled } from '../emergency/emergency-loop.ts';
import type { VerifiedEntry } from '../history/verified-entry.ts';
import type { Policy } from '../policy/policy.ts';
import { parseDuration } from '../text/parse-duration.ts';
import type { RecordedState } from './recorded-state.ts';

/**
 * What a production deployment status records for an emergency change deployed before its approval:
 * - `record`: an `emergency_implemented` entry instead of `implementing` (who confirmed, who deployed, the
 *   retroactive approval deadline) — and, when the deploy succeeds while the retroactive approval or the
 *   review is still owed, another one marked `finished` instead of `completed` (the change's evaluation
 *   writes `completed` when the last piece arrives, see evaluateEmergencyFollowUp);
 * - `skip`: this deployment's emergency entry is already recorded;
 * - `usual`: not such a case; record the outcome as for any change.
 */
export type EmergencyDeploymentEntry =
  | { kind: 'record'; data: Record<string, unknown> }
  | { kind: 'skip' }
  | { kind: 'usual' };

export const emergencyDeploymentEntry = (options: {
  entries: readonly VerifiedEntry[];
  recorded: RecordedState;
  policy: Policy;
  outcome: DeploymentOutcome;
  production: boolean;
  deployment: { id: number; environment: string; createdAt: string; creator?: string | null };
}): EmergencyDeploymentEntry => {
  const { entries, recorded, policy, outcome, deployment } = options;
  const usual = { kind: 'usual' } as const;
  if (!options.production || (outcome !== 'implementing' && outcome !== 'completed')) return usual;
  const loop = emergencyLoop(entries);
  const finished = outcome === 'completed';
  if (loop === null) {
    if (!recorded.emergency || !deployableUnapproved(entries, recorded)) return usual;
    return {
      kind: 'record',
      data: emergencyStartData({
        entries,
        policy,
        at: deployment.createdAt,
        deployer: deployment.creator ?? null,
        finished,
      }),
    };
  }
  if (loop.completed) return usual;
  const ofThisDeployment = entries.filter(
    ({ entry }) =>
      entry.event === 'emergency_implemented' &&
      entry.data.deployment_id === deployment.id &&
      String(entry.data.environment).toLowerCase() === deployment.environment.toLowerCase(),
  );
  if (!finished) return ofThisDeployment.length > 0 ? { kind: 'skip' } : usual;
  if (loopSettled(loop)) return usual;
  if (loop.finished !== null) return { kind: 'skip' };
  return {
    kind: 'record',
    data: {
      confirmed_by: loop.confirmedBy,
      deployer: deployment.creator ?? null,
      deadline: loop.deadline,
      review_due: loop.reviewDue,
      finished: true,
      review_issue: loop.reviewIssue,
    },
  };
};

/**
 * Whether the change is still unapproved for this deploy: pending approval, or ended by a deploy (failed, rolled
 * back) that was made before any approval of its block — a first emergency deploy whose start went unrecorded
 * and that failed must not let the next deploy pass as a usual one, without its retroactive approval and review.
 */
const deployableUnapproved = (entries: readonly VerifiedEntry[], recorded: RecordedState): boolean => {
  if (recorded.status === 'pending_approval') return true;
  if (recorded.status !== 'failed' && recorded.status !== 'rolled_back') return false;
  const block = entries.findLastIndex(
    ({ entry }) => entry.event === 'submitted' || entry.event === 'invalidated',
  );
  const approval = entries
    .slice(block + 1)
    .findLast(({ entry }) => entry.event === 'approved' || entry.event === 'approval_voided');
  return approval?.entry.event !== 'approved';
};

/**
 * The data of the `emergency_implemented` entry that starts an emergency change before its approval (the first
 * deployment of one, or `/implement` and the REST API's implement on an issue change): who confirmed it, who
 * implements it, when the retroactive approval and the post-implementation review are due.
 */
export const emergencyStartData = (options: {
  entries: readonly VerifiedEntry[];
  policy: Policy;
  at: string;
  deployer: string | null;
  finished?: boolean;
}): Record<string, unknown> => {
  const confirmed = options.entries.findLast(({ entry }) => entry.event === 'emergency_confirmed');
  return {
    confirmed_by: confirmed?.entry.actor ?? null,
    deployer: options.deployer,
    deadline: deadlineOf(options.policy, options.at),
    review_due: after(options.at, options.policy.emergency.post_implementation_review_within),
    finished: options.finished === true,
  };
};

/** When the retroactive approval is due: `emergency.retroactive_approval_within`, else the emergency level's timeout. */
const deadlineOf = (policy: Policy, since: string): string | null => {
  const window =
    policy.emergency.retroactive_approval_within ?? policy.approval_workflow.emergency?.approval_timeout;
  return window ? after(since, window) : null;
};

const after = (since: string, duration: string): string | null => {
  const at = Date.parse(since) + parseDuration(duration);
  return Number.isFinite(at) ? new Date(at).toISOString() : null;
};
