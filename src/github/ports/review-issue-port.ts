import type { IssueFact, ReviewIssuePlan } from '../../core/emergency/review-issue.ts';
import type { ChangeRef, RepoRef } from './github-port.ts';

/**
 * The post-implementation review issue of an emergency change: read, find, open, reopen. Which issue counts
 * (only one our bot opened, with the change's marker) is decided in `src/core/emergency`, not here.
 */
export interface ReviewIssuePort {
  /** One issue (not a pull request); null when it does not exist (never did, or was deleted). */
  readIssue(ref: ChangeRef): Promise<IssueFact | null>;
  /** Issues (open and closed, newest first, up to a few pages) that `login` opened. */
  issuesOpenedBy(repo: RepoRef, login: string): Promise<IssueFact[]>;
  createIssue(repo: RepoRef, issue: ReviewIssuePlan): Promise<IssueFact>;
  /** Comments why, then reopens the issue. */
  reopenIssue(ref: ChangeRef, comment: string): Promise<void>;
}
