import type { ApprovalVia } from './approval-outcome.ts';

/** One state change of one person: an approval, a rejection, or a withdrawal (a dismissed review). */
export interface Vote {
  /** Lower-cased login: GitHub logins are case-insensitive. */
  key: string;
  login: string;
  kind: 'approve' | 'reject' | 'withdraw';
  via: ApprovalVia;
  at: string;
  /** Milliseconds; NaN when `at` is unreadable. */
  time: number;
  id: number;
  /** Commit a review (or an API vote) was given on; null for comment commands. */
  sha: string | null;
  /** API votes: the block hash their signed entry recorded; they bind to it exactly. */
  blockHash?: string | null;
  comment: string;
  conditions: string[];
  reason: string;
}
