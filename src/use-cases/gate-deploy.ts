import type { DeployDecision, TrustedApp } from '../core/deploy/deploy-input.ts';
import { type DeployRead, type ReadDeployOptions, readDeploy } from './read-deploy.ts';
import { recheckDeploy } from './recheck-deploy.ts';

export interface GateDeployOptions extends ReadDeployOptions {
  /** The app whose check runs are the gate. */
  trustedApp: TrustedApp;
  at: Date;
}

/**
 * The deploy gate in one call, shared by the action and the app's deployment protection rule: read the
 * policy and the deploy's scope once, then decide. Never throws; whatever cannot be read refuses.
 */
export async function gateDeploy(
  options: GateDeployOptions,
): Promise<{ decision: DeployDecision; read: DeployRead }> {
  const read = await readDeploy(options);
  // Read and decided at once: the check runs read with the pull requests are as fresh as the rest.
  const decision = await recheckDeploy({ ...options, read, runsFromRead: true });
  return { decision, read };
}
