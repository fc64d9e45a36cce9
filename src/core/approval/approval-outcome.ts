import type { RoleHolders } from '../policy/policy.ts';

export type ApprovalState = 'approved' | 'pending' | 'rejected';
/** How a vote was given: a PR review, a `/approve` or `/reject` comment, or the REST API (a signed `voted` entry). */
export type ApprovalVia = 'review' | 'command' | 'api';

export type IgnoreReason =
  | 'author'
  | 'excluded'
  | 'not_a_holder'
  | 'stale_sha'
  | 'stale_block'
  | 'already_counted'
  | 'stage_not_reached'
  | 'edited'
  | 'team_unreadable'
  | 'history_tampered';

export interface CountedApproval {
  login: string;
  /** ISO time of the approval. */
  at: string;
  via: ApprovalVia;
  /** Commit the approval was given on; null for an issue-based change. */
  sha: string | null;
  /** The seed's approval `conditions` (`- ` lines of a `/approve`). */
  conditions: string[];
  comment: string;
}

export interface RoleOutcome {
  role: string;
  stage?: string;
  holders: RoleHolders;
  approvedBy: CountedApproval[];
  /** Approvals still needed for this role. */
  missing: number;
}

/** A rejection that stands: nobody holding its roles approved after it. */
export interface Rejection {
  login: string;
  /** Required roles the person holds (held, for a recorded one). */
  roles: string[];
  at: string;
  via: ApprovalVia;
  reason: string;
  /** True when the signed history already records it; false for one only the live votes show. */
  recorded: boolean;
}

/** An approval (or a rejection, for `not_a_holder`/`team_unreadable`) that did not count, and why. */
export interface IgnoredApproval {
  login: string;
  at: string;
  via: ApprovalVia;
  reason: IgnoreReason;
  /** One plain-text sentence for people (not escaped: renderers escape it). */
  detail: string;
}

export interface ApprovalOutcome {
  state: ApprovalState;
  roles: RoleOutcome[];
  rejections: Rejection[];
  ignored: IgnoredApproval[];
  /** Conditions of every counted approval, deduplicated. */
  conditions: string[];
  /** Earliest time at which every required role was satisfied; null unless approved. */
  approvedAt: string | null;
  /** Teams of required roles whose members could not be read (they count nobody). */
  unreadableTeams: string[];
}
