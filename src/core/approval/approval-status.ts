import type { ApprovalOutcome } from './approval-outcome.ts';
import type { PreApprovedMatch } from './match-pre-approved.ts';

/** Where a valid change stands on approval: the one place that combines votes, catalogue and tests. */
export type ApprovalStatus = 'approved' | 'rejected' | 'pending_approval';

/**
 * A rejection by a required role wins; otherwise the change is approved when the roles approved it (or a
 * pre-approved catalogue entry covers it) and the required tests passed; else it waits.
 */
export function approvalStatus(options: {
  approval: ApprovalOutcome;
  preApproved: PreApprovedMatch;
  testsPassed: boolean;
}): ApprovalStatus {
  const { approval, preApproved } = options;
  if (approval.state === 'rejected') return 'rejected';
  const approvedBy = approval.state === 'approved' || preApproved.entry !== null;
  return approvedBy && options.testsPassed ? 'approved' : 'pending_approval';
}
