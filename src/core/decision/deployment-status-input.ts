import type { EvaluateChangeInput } from './evaluation-context.ts';

/**
 * A `deployment_status` event as the evaluation needs it, or a `deployment` event of a deployment the gate
 * created (its creation is its start: `status` then has no id, state `created`, the deployment's time).
 */
export interface DeploymentStatusEvent {
  /** `creator`: who created the deployment (GitHub's `deployment.creator`), the deployer of an emergency change. */
  deployment: { id: number; sha: string; environment: string; createdAt: string; creator?: string | null };
  status: {
    /** Null for a deployment's creation (no status yet). */
    id: number | null;
    state: string;
    description: string | null;
    createdAt: string;
    logUrl: string | null;
  };
}

export interface EvaluateDeploymentStatusInput extends EvaluateChangeInput {
  event: DeploymentStatusEvent;
  /**
   * Null when the deployment shipped this change as the gate allows (merged, its merged commit in the
   * deployment's range, approved): the outcome is recorded. Otherwise why this is an ungated-deployment
   * finding: recorded as one (entry and label), the change's status untouched (DESIGN: trust model).
   */
  finding: string | null;
}
