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
    if (!recorded.emergency || recorded.status !== 'pending_approval') return usual;
    const confirmed = entries.findLast(({ entry }) => entry.event === 'emergency_confirmed');
    return {
      kind: 'record',
      data: {
        confirmed_by: confirmed?.entry.actor ?? null,
        deployer: deployment.creator ?? null,
        deadline: deadlineOf(policy, deployment.createdAt),
        review_due: after(deployment.createdAt, policy.emergency.post_implementation_review_within),
        finished,
      },
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
