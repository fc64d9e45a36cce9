import type { CommentFact, ReviewFact } from '../decision/change-facts.ts';
import type { ApprovalRules, RoleHolders } from '../policy/policy.ts';
import type { ApprovalVia } from './approval-outcome.ts';

/** A role the change needs, already resolved from the policy (level approvers plus the form's additions). */
export interface RequiredRole {
  name: string;
  holders: RoleHolders;
  /** Stage name; when absent, the first of `rules.stages` listing the role, else the role has no stage. */
  stage?: string;
}

/** The block hash recorded at a point in time (from the change's history). */
export interface BlockTimelineEntry {
  at: string;
  hash: string;
}

/**
 * A rejection the change's signed history recorded: it stands whatever happens to the review or comment
 * (dismissed, deleted, edited) until its author, or another holder of one of its roles, approves after it.
 */
export interface RecordedRejection {
  login: string;
  /** Required roles the person held when rejecting; empty = unknown (the roles they hold now). */
  roles: string[];
  /** ISO time of the review or comment that rejected. */
  at: string;
  via: ApprovalVia;
  reason: string;
}

/**
 * Since when the head commit is the head, as far as evidence only GitHub or our app can write shows. A
 * comment approves the head that was current when it was written; a force-push, even back to an earlier
 * commit, starts a new epoch. Comment times have whole seconds, so a comment in the same second as the
 * change of head is not "after" it.
 */
export interface HeadEpoch {
  /** Reviews on the head commit count from this time on (the latest force-push); null = any time. */
  reviewsFrom: string | null;
  /** A `/approve` counts when posted strictly after this time (a force-push made the head current then). */
  commentsAfter: string | null;
  /** ... or when its comment id is above this one (posted after Change Gate saw the head as current). */
  commentsAfterId: number | null;
}

/**
 * An approval or rejection given through the REST API: read from a `voted` entry of the change's own signed
 * history (never from anything a user wrote), with the head commit and block hash the entry recorded.
 */
export interface ApiVote {
  login: string;
  approved: boolean;
  /** ISO time the entry was recorded. */
  at: string;
  /** The history comment that carries it: orders votes given in the same instant. */
  id: number;
  headSha: string | null;
  blockHash: string | null;
  comment: string;
  conditions: string[];
}

export interface ApprovalInput {
  /** Required roles, in the order the check shows them. */
  roles: RequiredRole[];
  /** Team slug → member logins; `null` (or a missing slug) = could not be read: the team counts nobody. */
  teamMembers: Record<string, string[] | null>;
  /** The change's author: never counts. Logins compare case-insensitively. */
  author: string;
  /**
   * Other people who never count, e.g. the deployer of an emergency change owing retroactive approval, or
   * the authors of its commits; with the reason, a phrase after the login ("authored commits in it, …").
   */
  excluded?: Array<string | { login: string; reason: string }>;
  /** When set, nobody's approval counts, for this reason (a phrase after the login): the facts are incomplete. */
  excludeEveryone?: string;
  reviews: ReviewFact[];
  comments: CommentFact[];
  /** Votes given through the REST API (signed `voted` entries); absent = none. */
  apiVotes?: ApiVote[];
  /** Rejections from the signed history (see RecordedRejection); absent = none. */
  recordedRejections?: RecordedRejection[];
  /** Head commit of the PR; null for an issue-based change (then only the block binding applies). */
  headSha: string | null;
  /** When `headSha` became the head (see HeadEpoch); null = unknown: PR comment approvals then do not count. */
  headEpoch: HeadEpoch | null;
  /**
   * ISO time before which no approval counts: the change's history was found tampered with then, and the
   * required roles must approve again. Null or absent: every approval may count.
   */
  countFrom?: string | null;
  /** `sha256:<hex>` of the current change block. */
  blockHash: string;
  /** Block hash over time; an approval binds to the hash current when it was given. */
  blockTimeline: BlockTimelineEntry[];
  rules: ApprovalRules;
}
