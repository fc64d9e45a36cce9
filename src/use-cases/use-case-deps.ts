import type { HistorySigner } from '../core/history/create-signer.ts';
import type { HistoryVerifier } from '../core/history/create-verifier.ts';
import type { AppIdentity } from '../github/ports/app-identity.ts';
import type { DeployGateApprovals } from './deploy-gate-approvals.ts';
import type { KeyedLock } from './keyed-lock.ts';
import type { NotificationQueue } from './notification-queue.ts';
import type { ReviewIssuesOpened } from './review-issues-opened.ts';

/** The key that signs history entries and every key whose signatures are still believed. */
export interface HistoryKeys {
  signer: HistorySigner;
  verifiers: HistoryVerifier[];
}

/** What the use cases share for the life of the process; the doors build it (src/app for the Probot app). */
export interface UseCaseDeps {
  identity: () => Promise<AppIdentity>;
  lock: KeyedLock;
  keys: HistoryKeys;
  now: () => Date;
  /** Where notifications of written entries go; absent = none are sent (tests, the CLI). */
  notifications?: NotificationQueue;
  /** The protection rule's approvals, reused when the deployment's statuses are recorded; absent = read afresh. */
  gateApprovals?: DeployGateApprovals;
  /** The review issues this process opened, for when GitHub's list lags; absent = the list alone. */
  reviewIssuesOpened?: ReviewIssuesOpened;
  /** Told every decision reconcileChange reached (the app counts them by status). */
  onEvaluated?: (decision: { status: string | null }) => void;
}
