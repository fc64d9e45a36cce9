import { type DeploymentOutcome, deploymentOutcome } from '../deploy/deployment-outcome.ts';
import { emergencyLoop } from '../emergency/emergency-loop.ts';
import type { DraftEntry } from '../history/draft-entry.ts';
import { repositoryBinding } from '../history/repository-binding.ts';
import { nextReviewDate } from '../lifecycle/next-review-date.ts';
import { defaultPolicy } from '../policy/default-policy.ts';
import type { Policy } from '../policy/policy.ts';
import { changeIdOf } from './change-id.ts';
import { CHANGE_STATUS_TEXT, type ChangeStatus, EMERGENCY_LABEL, OVERDUE_LABEL } from './change-status.ts';
import { type Decision, decisionWithoutWrites } from './decision.ts';
import type { EvaluateDeploymentStatusInput } from './deployment-status-input.ts';
import { desiredLabels } from './desired-labels.ts';
import { emergencyDeploymentEntry } from './emergency-deployment-entry.ts';
import { evaluationContext, STATUS_COMMENT_MARKER } from './evaluation-context.ts';
import { finishedSince } from './finished-since.ts';
import { implementationBody } from './implementation-body.ts';
import { recordedState } from './recorded-state.ts';
import { reviewIssueOf } from './review-issue-of.ts';
import { ungatedFinding } from './ungated-finding.ts';
import { withSteps } from './with-steps.ts';

export type { DeploymentStatusEvent, EvaluateDeploymentStatusInput } from './deployment-status-input.ts';

const STATUS_OF: Record<DeploymentOutcome, ChangeStatus> = {
  implementing: 'implementing',
  completed: 'completed',
  failed: 'failed',
  rolled_back: 'rolled_back',
};

/**
 * What one deployment status means for one change (pure): the history entry to append (`implementing`,
 * `completed`, `failed`, `rolled_back`) with the environment, deployment, SHA and times, and, for a
 * production environment (`production_environments`), the status label that follows. A deployment to
 * another environment (staging) is recorded but leaves the status alone.
 * Idempotent by deployment: an outcome already recorded for this deployment and environment is not recorded
 * again (a redelivered webhook, or `queued` then `in_progress`), and a late `implementing` is dropped once this
 * deployment, or one created after it in the same environment, has finished (`finishedSince`): webhooks arrive
 * out of order, and a deployment the gate created but refused to deploy with never ends.
 * An unreadable config records all the same, with the default production environments: evidence first.
 */
export const evaluateDeploymentStatus = (input: EvaluateDeploymentStatusInput): Decision => {
  const { facts, event } = input;
  const policy: Policy = input.policy.status === 'valid' ? input.policy.policy : defaultPolicy();
  const recorded = recordedState(input.history.entries);
  const changeId = changeIdOf(facts);
  const environment = event.deployment.environment;
  // An emergency change by its history (its recorded level, an emergency deploy), never by its label: labels
  // are outputs, and anyone who can triage can add `change:emergency` (the steps owed and the check's markers,
  // which the gate trusts, follow this).
  const emergency = recorded.emergency;
  // The emergency and overdue labels are kept as the change evaluation left them: a deployment status neither
  // adds nor removes them (but for an emergency deploy it records), only moves the status label.
  const has = (name: string) => facts.labels.some((label) => label.toLowerCase() === name);
  const labelsFor = (status: ChangeStatus | null, asEmergency = false) =>
    desiredLabels({
      current: facts.labels,
      status,
      emergency: has(EMERGENCY_LABEL) || asEmergency,
      overdue: has(OVERDUE_LABEL),
    });
  const nothing = (headline: string, isChange = true): Decision =>
    decisionWithoutWrites({
      changeId: isChange ? changeId : null,
      status: isChange ? recorded.status : null,
      emergency,
      headline,
    });

  const labeled = facts.labels.some((label) => label.toLowerCase() === policy.label.toLowerCase());
  if (!labeled && input.history.entries.length === 0) return nothing('not a change request', false);
  const outcome = deploymentOutcome(event.status);
  const where = `deployment ${event.deployment.id} to ${environment}`;
  if (outcome === null) return nothing(`${changeId}: ${where} is ${event.status.state}: nothing to record`);

  if (input.finding !== null) {
    const finding = ungatedFinding({ input, changeId, emergency, where, reason: input.finding });
    return finding ?? nothing(`${changeId}: the ungated ${where} is already recorded`);
  }

  const earlier = input.history.entries.filter(
    ({ entry }) =>
      entry.data.deployment_id === event.deployment.id &&
      String(entry.data.environment).toLowerCase() === environment.toLowerCase(),
  );
  const production = policy.production_environments.some(
    (name) => name.toLowerCase() === environment.toLowerCase(),
  );
  // The implementation steps the deployment proves (staging, production, finished) are ticked with it.
  const context = evaluationContext(input, policy);
  const steps = (decision: Decision): Decision => withSteps(context, { ...decision, head: context.head });
  if (earlier.some(({ entry }) => entry.event === outcome)) {
    // Recorded before (a redelivery, or a retry after the writes that follow the entry failed): those writes
    // again, each made only where GitHub differs: the label the history's status asks for, the steps ticked.
    const already = nothing(`${changeId}: ${outcome} of ${where} is already recorded`);
    if (!production) return steps(already);
    const healed = steps({ ...already, labels: labelsFor(recorded.status) });
    return outcome === 'implementing' && !emergency ? displayAtDeployEnd(healed) : healed;
  }
  if (outcome === 'implementing') {
    const overtaken = finishedSince(input.history.entries, event.deployment);
    if (overtaken !== null) {
      const by =
        overtaken === event.deployment.id
          ? 'has finished'
          : `was overtaken by deployment ${overtaken}, which has finished`;
      return nothing(`${changeId}: ${where} ${by}; its late ${event.status.state} is not recorded`);
    }
  }

  // An emergency change deployed before approval records emergency_implemented instead (emergencyDeploymentEntry).
  const emergencyEntry = emergencyDeploymentEntry({
    entries: input.history.entries,
    recorded,
    policy,
    outcome,
    production,
    deployment: event.deployment,
  });
  if (emergencyEntry.kind === 'skip') return nothing(`${changeId}: ${where} is already recorded`);
  const asEmergency = emergencyEntry.kind === 'record';
  const history: DraftEntry[] = [
    {
      event: asEmergency ? 'emergency_implemented' : outcome,
      change_id: changeId,
      actor: input.actor,
      head_sha: facts.headSha,
      block_hash: recorded.blockHash ?? null,
      data: {
        ...deploymentData({ input, production, outcome }),
        ...(asEmergency ? emergencyEntry.data : {}),
        ...(production && outcome === 'completed' && !asEmergency
          ? {
              next_review: nextReviewDate({
                completedAt: completedAt(input),
                reviewAfter: policy.review_after,
              }),
            }
          : {}),
      },
    },
  ];
  if (!production) {
    return steps({
      ...nothing(`${changeId}: ${outcome} in ${environment} (not a production environment: recorded only)`),
      history,
    });
  }
  const status = asEmergency ? 'implementing' : STATUS_OF[outcome];
  const text = CHANGE_STATUS_TEXT[status];
  const opensLoop = asEmergency && emergencyLoop(input.history.entries) === null;
  const decided = steps({
    ...nothing(`${changeId}: ${text.toLowerCase()} in ${environment} (deployment ${event.deployment.id})`),
    status,
    emergency: emergency || asEmergency,
    labels: labelsFor(status, asEmergency),
    history,
    reviewIssue: opensLoop
      ? reviewIssueOf(
          { facts, policy, changeId },
          {
            confirmedBy: stringOrNull(emergencyEntry.data.confirmed_by),
            deadline: stringOrNull(emergencyEntry.data.deadline),
            reviewDue: stringOrNull(emergencyEntry.data.review_due),
          },
        )
      : null,
    // The same comment the change evaluation keeps once a change is implemented, so neither rewrites the other.
    statusComment:
      facts.kind === 'issue'
        ? `${STATUS_COMMENT_MARKER}\n### Change Gate: ${text}\n\n${implementationBody({ status, data: history[0]?.data })}`
        : null,
  });
  // An emergency change (by its history, or the emergency deploy recorded now) shows its deploy's start at once.
  return outcome === 'implementing' && !decided.emergency ? displayAtDeployEnd(decided) : decided;
};

/**
 * A production deploy's start of a change that is not an emergency: its entries (`implementing`, the step
 * it proves) are recorded at once; the status label and the steps comment, which only show what the
 * history says and decide nothing, follow at the deploy's end (its `success`, `failure`, … status), or at
 * the change's next evaluation, whichever comes first. Two writes fewer per deploy; `change:implementing`
 * then shows only on a change evaluated while its deploy runs. An emergency change's label is written at
 * once: the sweep finds closed emergency changes that owe their follow-up by `change:implementing`.
 */
const displayAtDeployEnd = (decision: Decision): Decision => ({
  ...decision,
  labels: null,
  stepsComment: null,
});

/** When the deployment finished, as its status says; the evaluation's time when GitHub sent none readable. */
const completedAt = (input: EvaluateDeploymentStatusInput): Date => {
  const at = Date.parse(input.event.status.createdAt);
  return Number.isFinite(at) ? new Date(at) : input.now;
};

/** The entry's details: enough to measure implementation time and audit what ran where. */
function deploymentData(options: {
  input: EvaluateDeploymentStatusInput;
  production: boolean;
  outcome: DeploymentOutcome;
}): Record<string, unknown> {
  const { input, production, outcome } = options;
  const { deployment, status } = input.event;
  const started = Date.parse(deployment.createdAt);
  const ended = Date.parse(status.createdAt);
  const seconds = Math.round((ended - started) / 1000);
  const finished = outcome !== 'implementing';
  return {
    ...repositoryBinding(input.facts),
    environment: deployment.environment,
    production,
    deployment_id: deployment.id,
    status_id: status.id,
    state: status.state,
    description: status.description,
    sha: deployment.sha,
    deployment_created_at: deployment.createdAt,
    status_created_at: status.createdAt,
    ...(finished && Number.isFinite(seconds) && seconds >= 0 ? { duration_seconds: seconds } : {}),
    ...(finished && outcome !== 'completed' && status.description ? { reason: status.description } : {}),
    ...(status.logUrl ? { log_url: status.logUrl } : {}),
  };
}

const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);
