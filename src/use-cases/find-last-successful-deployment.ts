import type { DeploymentSummary, DeployPort } from '../github/ports/deploy-port.ts';

const PER_PAGE = 30;
/** Deployments looked at, newest first, before the gate gives up rather than guess where the last deploy was. */
export const MAX_DEPLOYMENTS_SCANNED = 90;

/**
 * The environment's newest deployment whose latest status (ignoring `inactive`, which GitHub sets when a
 * newer deployment succeeds) is `success`; null when the environment never had one. Throws when none is
 * found among the newest MAX_DEPLOYMENTS_SCANNED, so the gate fails closed instead of checking too little.
 */
export async function findLastSuccessfulDeployment(options: {
  port: DeployPort;
  environment: string;
}): Promise<DeploymentSummary | null> {
  const { port, environment } = options;
  for (let page = 1; page * PER_PAGE <= MAX_DEPLOYMENTS_SCANNED; page++) {
    const deployments = await port.listDeployments({ environment, page, perPage: PER_PAGE });
    for (const deployment of deployments) {
      const statuses = await port.listDeploymentStatuses(deployment.id);
      const latest = statuses.find((status) => status.state !== 'inactive');
      // Only inactive statuses: GitHub deactivated it when a newer one succeeded, so it had succeeded too.
      const succeeded = latest ? latest.state === 'success' : statuses.length > 0;
      if (succeeded) return deployment;
    }
    if (deployments.length < PER_PAGE) return null;
  }
  throw new Error(
    `none of the newest ${MAX_DEPLOYMENTS_SCANNED} deployments to "${environment}" succeeded, so the changes since the last good deploy cannot be told; mark the last good deployment successful or deploy from a known state`,
  );
}
