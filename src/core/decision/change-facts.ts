import type { IssueFact } from '../emergency/review-issue.ts';

/**
 * Everything one evaluation knows about a change, read from GitHub once. Pure data: the GitHub port
 * builds it, `src/core` decides on it.
 */
export interface ReviewFact {
  id: number;
  author: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  /** ISO time. */
  submittedAt: string;
  /** Head SHA the review was given on. */
  commitId: string;
  body: string;
}

export interface CommentFact {
  id: number;
  /** Login as REST spells it (`change-gate[bot]` for an app). */
  author: string;
  authorIsBot: boolean;
  body: string;
  createdAt: string;
  updatedAt: string;
  /** True when the comment was edited after it was posted (GitHub's `lastEditedAt`/`updated_at`). */
  edited: boolean;
}

export interface CheckRunFact {
  id: number;
  name: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion: string | null;
  /** The app that created the check run; only our own app's runs are the gate. */
  appId: number | null;
  appSlug: string | null;
  headSha: string;
  outputTitle: string | null;
  outputSummary: string | null;
  startedAt: string | null;
}

/** A force-push in a PR's timeline: GitHub writes it, nobody can forge its time. */
export interface ForcePushFact {
  /** GitHub's node id of the event. */
  id: string;
  /** ISO time of the force-push. */
  at: string;
  /** The commit the branch was pushed to; null when GitHub no longer has it. */
  after: string | null;
}

export interface CommitStatusFact {
  context: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  description: string | null;
  /** Who posted it (REST login: `name[bot]` for an app); null or absent = unknown, which is never trusted. */
  creator?: string | null;
}

export interface ChangeFacts {
  kind: 'pull_request' | 'issue';
  owner: string;
  repo: string;
  /**
   * The repository's numeric id (GitHub's `databaseId`), the same across a rename or a transfer: history
   * entries carry it (`data.repository_id`) and are read by it. Null or absent when unknown (older answers,
   * test fixtures): entries are then written without it and read by name.
   */
  repositoryId?: number | null;
  number: number;
  /** Whether the owner is an organisation (teams exist) or a user. */
  ownerIsOrg: boolean;
  title: string;
  /** The PR's or issue's page on GitHub; absent when unknown. */
  url?: string | null;
  body: string;
  author: string;
  labels: string[];
  state: 'open' | 'closed';
  merged: boolean;
  draft: boolean;
  createdAt: string;
  /** Pull requests only. */
  headSha: string | null;
  baseRef: string | null;
  changedFiles: string[];
  /**
   * Logins GitHub links to the authors, co-authors and committers of the PR's commits; null when they could
   * not all be read (then no approval counts); absent = none known.
   */
  commitAuthors?: string[] | null;
  /**
   * The other open pull requests whose head is this PR's head commit: our one check run on it speaks for
   * them too. Null when they could not all be listed; absent = none.
   */
  pullsAtHead?: number[] | null;
  /** The latest force-push to the PR's head branch (GitHub's `HeadRefForcePushedEvent`); null or absent: none. */
  lastForcePush?: ForcePushFact | null;
  /**
   * Lists GitHub has more of than the port reads (past MAX_READ_ITEMS, or fewer files than the PR changes):
   * the evaluation fails closed rather than decide on part of them. Absent or empty: everything was read.
   */
  truncated?: Array<'comments' | 'reviews' | 'files'>;
  checkRuns: CheckRunFact[];
  statuses: CommitStatusFact[];
  reviews: ReviewFact[];
  comments: CommentFact[];
  /**
   * The post-implementation review issue of an emergency change deployed before approval, as GitHub shows
   * it now; null or absent when none is open or it could not be found (read by the use case, not the port).
   */
  reviewIssue?: IssueFact | null;
  /**
   * Who filed the change through the REST API, from its signed `requested` entry (set by the evaluation, see
   * withRequester): never an approver. Null: the app opened it and no requester is recorded (nobody approves).
   * Absent: not filed through the API.
   */
  requester?: string | null;
  /** Every actor of a signed `requested` entry (withRequester): none of them approves. Absent: none. */
  requesters?: string[];
  /** Team slug → member logins, for every team a required role names; `null` = could not be read. */
  teamMembers: Record<string, string[] | null>;
}
