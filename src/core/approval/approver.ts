import type { ApprovalCandidate } from './approval-candidate.ts';
import type { Vote } from './vote.ts';

/** A person with at least one approval that binds, and the roles they hold. */
export interface Approver {
  /** Binding approvals since the person's last rejection or withdrawal, oldest first. */
  bound: Vote[];
  candidate: ApprovalCandidate;
}
