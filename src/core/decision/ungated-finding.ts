import { UNGATED_LABEL } from '../deploy/ungated-label.ts';
import { repositoryBinding } from '../history/repository-binding.ts';
import { type Decision, decisionWithoutWrites } from './decision.ts';
import type { EvaluateDeploymentStatusInput } from './deployment-status-input.ts';
import { recordedState } from './recorded-state.ts';

/**
 * The finding for a deployment that shipped (or named) the change without the gate's approval: one
 * `ungated_deployment` entry per deployment and environment, and the finding label; nothing else changes.
 * When it is already recorded: its label again where GitHub lacks it (a failed request after the entry), else
 * null.
 */
export function ungatedFinding(options: {
  input: EvaluateDeploymentStatusInput;
  changeId: string;
  emergency: boolean;
  where: string;
  reason: string;
}): Decision | null {
  const { input, changeId, reason } = options;
  const { deployment, status } = input.event;
  const recorded = recordedState(input.history.entries);
  const seen = input.history.entries.some(
    ({ entry }) =>
      entry.event === 'ungated_deployment' &&
      entry.data.deployment_id === deployment.id &&
      String(entry.data.environment).toLowerCase() === deployment.environment.toLowerCase(),
  );
  const labels = input.facts.labels.some((label) => label.toLowerCase() === UNGATED_LABEL)
    ? null
    : [...input.facts.labels, UNGATED_LABEL];
  if (seen) {
    // Recorded before (a retry after the request following the entry failed): the finding's label, which
    // only this writes, again when GitHub lacks it.
    if (labels === null) return null;
    const headline = `${changeId}: the ungated ${options.where} is already recorded`;
    return {
      ...decisionWithoutWrites({ changeId, status: recorded.status, emergency: options.emergency, headline }),
      labels,
    };
  }
  return {
    ...decisionWithoutWrites({
      changeId,
      status: recorded.status,
      emergency: options.emergency,
      headline: `${changeId}: ungated ${options.where}: ${reason}`,
    }),
    labels,
    history: [
      {
        event: 'ungated_deployment',
        change_id: changeId,
        actor: input.actor,
        head_sha: input.facts.headSha,
        block_hash: recorded.blockHash ?? null,
        data: {
          ...repositoryBinding(input.facts),
          environment: deployment.environment,
          deployment_id: deployment.id,
          status_id: status.id,
          state: status.state,
          sha: deployment.sha,
          deployment_created_at: deployment.createdAt,
          status_created_at: status.createdAt,
          reason,
        },
      },
    ],
  };
}
