import type { DeployDecision } from '../core/deploy/deploy-input.ts';
import type { DeployRead } from './read-deploy.ts';

/** The gate's approval of one deployment, as this app read and decided it when it answered the protection rule. */
export interface GateApproval {
  read: Extract<DeployRead, { ok: true }>;
  decision: DeployDecision;
  /** This process has since vouched for the deployment (its success recorded): a redelivery writes no voucher. */
  vouched?: boolean;
  /**
   * This process set out to write the voucher unread (marked before it is sent, whatever comes of it): a
   * voucher written later (a retry, a redelivery) reads the deployment's runs first, as it may exist.
   */
  voucherSent?: boolean;
}

/**
 * Approvals the app's protection rule gave, kept by the process that gave them, so that recording the
 * deployment's statuses (implementing, then completed) does not read the same range again. Only the app's
 * own answers go in (never anything GitHub or a caller reports); a miss (another replica, a restart, an
 * expired entry, a run released after an approval) reads the range afresh, as before.
 */
export interface DeployGateApprovals {
  remember(key: string, approval: GateApproval): void;
  recall(key: string): GateApproval | undefined;
}

/** One deployment: its repository, environment, id and commit (all from GitHub's signed webhooks). */
export const gateApprovalKey = (options: {
  owner: string;
  repo: string;
  environment: string;
  deploymentId: number;
  sha: string;
}): string =>
  [
    `${options.owner}/${options.repo}`.toLowerCase(),
    options.environment.toLowerCase(),
    options.deploymentId,
    options.sha.toLowerCase(),
  ].join('\n');
