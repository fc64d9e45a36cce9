import type { ApprovalOutcome } from '../approval/approval-outcome.ts';
import type { MaintenanceRequest } from '../deploy/maintenance-request.ts';
import type { ReviewIssuePlan } from '../emergency/review-issue.ts';
import type { DraftEntry } from '../history/draft-entry.ts';
import type { StepEvidence } from '../policy/policy.ts';
import type { ResolvedLevel } from '../policy/resolve-approval-level.ts';
import type { OwedStep } from '../steps/steps-owed.ts';
import type { ChangeStatus } from './change-status.ts';
import type { CheckRunPlan } from './check-run-plan.ts';
import type { HeadRecord } from './head-records-marker.ts';

/** The outcome of one evaluation: where the change stands and the writes that make GitHub show it. */
export interface Decision {
  /** Null for a PR that is not a change request. */
  changeId: string | null;
  /** Null when the PR or issue is not (or no longer) a change request and was never one. */
  status: ChangeStatus | null;
  emergency: boolean;
  /** One line for logs and API answers. */
  headline: string;
  /** The Change Gate check run; null for issues and closed PRs. */
  check: CheckRunPlan | null;
  /** Full label set to set in one call; null when the labels are already right. */
  labels: string[] | null;
  /** History entries to append, in order. */
  history: DraftEntry[];
  /** Issue-based changes: the status comment the app keeps edited in place; null = none. */
  statusComment: string | null;
  /** Comments holding a duplicate history entry (a lost race): to delete. */
  duplicateComments: number[];
  level: ResolvedLevel | null;
  /** ISO time by which the change should be approved. */
  deadline: string | null;
  approval: ApprovalOutcome | null;
  /** Since when the PR's head is its head, as the app saw it: kept in the check run (see checkForCommit). */
  head?: HeadRecord | null;
  /** The block asks for a maintenance window: kept in the check run for the deploy gate (see checkForCommit). */
  maintenance?: MaintenanceRequest | null;
  /** An emergency change deployed before approval: the post-implementation review issue to open (once). */
  reviewIssue?: ReviewIssuePlan | null;
  /** The review issue was closed in a way that does not count: reopen it with this reply. */
  reopenReviewIssue?: { number: number; comment: string } | null;
  /** Implementation steps owed before a production deploy: kept in the check run (see checkForCommit). */
  stepsOwed?: OwedStep[];
  /** What the change block and the testing gate prove for implementation steps (see withSteps). */
  evidence?: StepEvidence[];
  /** The task-list comment the app keeps; absent or null: leave it as it is. */
  stepsComment?: StepsCommentPlan | null;
  /**
   * A confirmed emergency change still waiting for its approval that may go first (emergencyGoAhead): it may
   * start implementing before approval. Absent or false: it may not.
   */
  goAhead?: boolean;
  /** Pending past its deadline: labelled `change:overdue` (see escalationOf). */
  overdue?: boolean;
  /** When the change next needs an evaluation though nothing happens (an escalation falls due); null = never. */
  nextDueAt?: string | null;
}

/** The task-list comment as it should read: edited in place when it exists, else created when `create`. */
export interface StepsCommentPlan {
  /** The first line of the comment, by which it is found among the app's own comments. */
  marker: string;
  body: string;
  create: boolean;
}

/** A decision that writes nothing but, at most, a check run. */
export const decisionWithoutWrites = (
  fields: Pick<Decision, 'changeId' | 'status' | 'emergency' | 'headline'> & Partial<Pick<Decision, 'check'>>,
): Decision => ({
  check: null,
  labels: null,
  history: [],
  statusComment: null,
  duplicateComments: [],
  level: null,
  deadline: null,
  approval: null,
  ...fields,
});
