import type { CheckRunPlan } from '../core/decision/check-run-plan.ts';
import type { DeployDecision } from '../core/deploy/deploy-input.ts';
import { deployedCheckName, deployedCheckPlan, vouchesFor } from '../core/deploy/deployed-check.ts';
import type { DeployPort } from '../github/ports/deploy-port.ts';
import type { GitHubPort, RepoRef } from '../github/ports/github-port.ts';

/**
 * Vouches for a deployment the gate approved and that succeeded: the app's `<check name> · deployed
 * <environment>` run on the deployed commit, naming the deployment. Only this makes the deployment the
 * start of the next deploy's range. Read for first unless `notYetVouched`, so a redelivered status or a retry
 * writes none again; recordDeployment runs it under the repository's lock, so two statuses at once take turns.
 * Two identical vouchers (harmless) remain possible: replicas racing while Redis cannot be asked, or a
 * redelivery handled by another replica while this one writes unread. recordDeployment sends the voucher
 * itself, unread, in the last change's request after its entries when it can (voucherPlan).
 */
export async function vouchDeployment(options: {
  port: Pick<GitHubPort, 'createCheckRun'>;
  deployPort: Pick<DeployPort, 'checkRunsOf'>;
  repo: RepoRef;
  app: { id: number; slug: string };
  checkName: string;
  deployment: { id: number; sha: string; environment: string };
  decision: DeployDecision;
  /**
   * This process knows it has not vouched for the deployment yet (its memory of its own gate approval, never
   * anything GitHub or a caller says): the check runs are not read first. At worst another replica handling
   * a redelivery vouched too, and the deployment carries two identical vouchers.
   */
  notYetVouched?: boolean;
}): Promise<'written' | 'already'> {
  const { deployment, app } = options;
  if (!options.notYetVouched) {
    const name = deployedCheckName({ checkName: options.checkName, environment: deployment.environment });
    const runs = await options.deployPort.checkRunsOf({ sha: deployment.sha, checkName: name });
    if (vouchesFor({ runs, deploymentId: deployment.id, trustedApp: { slug: app.slug, id: app.id } })) {
      return 'already';
    }
  }
  await options.port.createCheckRun(options.repo, voucherPlan({ ...options, deployment }));
  return 'written';
}

/** The voucher of a deployment the gate approved (`decision`) and that succeeded. */
export const voucherPlan = (options: {
  checkName: string;
  deployment: { id: number; sha: string; environment: string };
  decision: Pick<DeployDecision, 'changes'>;
}): CheckRunPlan =>
  deployedCheckPlan({
    checkName: options.checkName,
    environment: options.deployment.environment,
    sha: options.deployment.sha,
    deploymentId: options.deployment.id,
    changes: options.decision.changes,
  });
