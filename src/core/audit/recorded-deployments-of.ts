import type { VerifiedEntry } from '../history/verified-entry.ts';
import type { RecordedDeployment } from './audit-export.ts';

const DEPLOYMENT_EVENTS: ReadonlySet<string> = new Set([
  'implementing',
  'completed',
  'failed',
  'rolled_back',
  'emergency_implemented',
  'ungated_deployment',
]);

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The deployment events the signed history records, in chain order, with what each entry says of it. */
export const recordedDeploymentsOf = (entries: readonly VerifiedEntry[]): RecordedDeployment[] =>
  entries
    .filter(({ entry }) => DEPLOYMENT_EVENTS.has(entry.event))
    .map(({ entry, commentId }) => ({
      event: entry.event,
      deployment_id: typeof entry.data.deployment_id === 'number' ? entry.data.deployment_id : null,
      environment: text(entry.data.environment),
      sha: text(entry.data.sha),
      state: text(entry.data.state),
      at: entry.at,
      actor: entry.actor,
      comment_id: commentId,
    }));

/** Ids of the deployments the signed history names, each once, in order. */
export const recordedDeploymentIds = (recorded: readonly RecordedDeployment[]): number[] => [
  ...new Set(recorded.flatMap((item) => (item.deployment_id === null ? [] : [item.deployment_id]))),
];
