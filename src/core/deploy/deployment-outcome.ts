/**
 * How a deployment's result is written to GitHub and read back. GitHub deployment statuses have no
 * "rolled back" state and `inactive` is also set by GitHub itself on every older deployment when a newer
 * one succeeds, so a rollback is written as state `failure` whose description starts with
 * `Rolled back`. The app reads `deployment_status` events (and the gate's deployments' creation) with
 * `deploymentOutcome` to write history.
 */
export type DeployResult = 'success' | 'failure' | 'rolled_back';
export type DeploymentOutcome = 'implementing' | 'completed' | 'failed' | 'rolled_back';

export const ROLLED_BACK_PREFIX = 'Rolled back';
const ROLLED_BACK = /^\s*rolled[\s_-]?back\b/i;
/** GitHub refuses deployment status descriptions longer than this. */
export const MAX_DESCRIPTION_CHARS = 140;

/** The deployment status to write for the result of a deploy job. */
export function deploymentStatusFor(options: { result: DeployResult; detail?: string }): {
  state: 'success' | 'failure';
  description: string;
} {
  const detail = options.detail ? ` ${options.detail}` : '';
  const write = (state: 'success' | 'failure', text: string) => ({
    state,
    description: `${text}${detail}`.slice(0, MAX_DESCRIPTION_CHARS),
  });
  if (options.result === 'success') return write('success', 'Deployed.');
  if (options.result === 'rolled_back') return write('failure', `${ROLLED_BACK_PREFIX}:`);
  return write('failure', 'Deploy failed.');
}

/**
 * The state the app gives a deployment's creation (`deployment.created`) when it records it as a status: the
 * gate creates its deployment and writes no `in_progress` status after it, so its creation is its start.
 */
export const DEPLOYMENT_CREATED = 'created';

/** What a deployment status means for the change's history; null for states that record nothing. */
export function deploymentOutcome(status: {
  state: string;
  description: string | null;
}): DeploymentOutcome | null {
  switch (status.state) {
    // Not a GitHub status state: the creation of a deployment the gate made (it writes no `in_progress`).
    case DEPLOYMENT_CREATED:
    case 'queued':
    case 'pending':
    case 'in_progress':
      return 'implementing';
    case 'success':
      return 'completed';
    case 'failure':
    case 'error':
      return ROLLED_BACK.test(status.description ?? '') ? 'rolled_back' : 'failed';
    default:
      // `inactive`: GitHub superseded it with a newer successful deployment; nothing happened to the change.
      return null;
  }
}
