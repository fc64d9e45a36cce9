import type { TrustedApp } from '../core/deploy/deploy-input.ts';
import { deployedCheckName, vouchesFor } from '../core/deploy/deployed-check.ts';
import type { DeploymentSummary, DeployPort } from '../github/ports/deploy-port.ts';

/** Deployments per page read; the first page is read with the config (read-deploy.ts). */
export const DEPLOYMENTS_PER_PAGE = 100;
const PER_PAGE = DEPLOYMENTS_PER_PAGE;
/** Deployments looked at, newest first, before the gate gives up rather than guess where the last one was. */
export const MAX_DEPLOYMENTS_SCANNED = 300;

/**
 * The start of a deploy's range: the environment's newest deployment that went through the gate and that
 * the app vouched for (its `<check name> · deployed <environment>` run on the deployed commit, naming this
 * deployment), and whose latest status (ignoring `inactive`) is still `success`. A deployment anyone with
 * `deployments: write` marked successful, without the app's voucher, is never a starting point: it cannot
 * move unapproved merges out of the range. Deployments with an id of `before` or above are skipped (the app
 * deciding on a deployment looks behind it). Null when there is none (a first deploy: the deployed commit's
 * own pull requests are checked); throws when none is found among the newest MAX_DEPLOYMENTS_SCANNED, so
 * the gate fails closed instead of checking too little.
 */
export async function findLastVouchedDeployment(options: {
  port: DeployPort;
  environment: string;
  /** The gate's check name (the config's `check_name`, never an input). */
  checkName: string;
  trustedApp: TrustedApp;
  before?: number;
  /**
   * The deployment being decided (the protection rule names it): never its own range's start, since only a
   * deployment the gate approved, that succeeded and that the app vouched for is one. Skipped unread.
   */
  deciding?: number;
  /**
   * The newest deployments, already read (with the policy): looked through first. When they are not all of
   * them (or miss the deployment being decided) and none is the start, the list is read from its beginning
   * (one order throughout, none skipped).
   */
  newest?: NewestDeployments;
}): Promise<DeploymentSummary | null> {
  const { port, environment } = options;
  const name = deployedCheckName({ checkName: options.checkName, environment });
  const vouchedAmong = async (deployments: readonly DeploymentSummary[]) => {
    for (const deployment of deployments) {
      if (options.before !== undefined && deployment.id >= options.before) continue;
      if (deployment.id === options.deciding) continue;
      if (!(await stillSucceeded({ port, deployment }))) continue;
      // The vouchers read with the deployment (this same evaluation's read), when read under this name.
      const runs =
        deployment.vouchRuns?.checkName === name
          ? deployment.vouchRuns.runs
          : await port.checkRunsOf({ sha: deployment.sha, checkName: name });
      if (vouchesFor({ runs, deploymentId: deployment.id, trustedApp: options.trustedApp }))
        return deployment;
    }
    return null;
  };
  if (options.newest) {
    const { newestFirst, complete } = options.newest;
    const found = await vouchedAmong(newestFirst);
    if (found) return found;
    // "All of them" is believed only when they hold the deployment being decided, which GitHub created.
    const whole =
      complete && (options.deciding === undefined || newestFirst.some((d) => d.id === options.deciding));
    if (whole) return null;
  }
  for (let page = 1; (page - 1) * PER_PAGE < MAX_DEPLOYMENTS_SCANNED; page++) {
    const deployments = await port.listDeployments({ environment, page, perPage: PER_PAGE });
    const found = await vouchedAmong(deployments);
    if (found) return found;
    if (deployments.length < PER_PAGE) return null;
  }
  throw new Error(
    `none of the newest ${MAX_DEPLOYMENTS_SCANNED} deployments to "${environment}" was vouched for by ${options.trustedApp.slug} (a "${name}" check run), so the changes since the last gated deploy cannot be told; deploy from a known state`,
  );
}

/** Deployments read already, newest first, and whether they are all of the environment's. */
export interface NewestDeployments {
  newestFirst: readonly DeploymentSummary[];
  complete: boolean;
}

/**
 * The latest status that is not `inactive` (GitHub sets that when a newer deployment succeeds) is success.
 * The latest status read with the deployment settles it unless it is `inactive` (then the earlier ones tell).
 */
async function stillSucceeded(options: {
  port: DeployPort;
  deployment: DeploymentSummary;
}): Promise<boolean> {
  const { latestState } = options.deployment;
  if (latestState === null) return false;
  if (latestState !== undefined && latestState !== 'inactive') return latestState === 'success';
  const statuses = await options.port.listDeploymentStatuses(options.deployment.id);
  const latest = statuses.find((status) => status.state !== 'inactive');
  // Only inactive statuses: GitHub deactivated it when a newer one succeeded, so it had succeeded too.
  return latest ? latest.state === 'success' : statuses.length > 0;
}
