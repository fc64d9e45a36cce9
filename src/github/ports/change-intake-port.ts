import type { ChangeRef, RepoRef } from './github-port.ts';

/** An open (or closed) pull request's body and labels, as read before a change form is attached to it. */
export interface PullRequestBody {
  number: number;
  state: 'open' | 'closed';
  body: string;
  labels: string[];
  url: string | null;
}

/** Files change requests through the REST API: a new issue, or the form added to a pull request's body. */
export interface ChangeIntakePort {
  createIssue(
    repo: RepoRef,
    issue: { title: string; body: string; labels: string[] },
  ): Promise<{ number: number; url: string | null }>;
  /** Null when there is no such pull request. */
  readPullRequest(ref: ChangeRef): Promise<PullRequestBody | null>;
  updatePullRequestBody(ref: ChangeRef, body: string): Promise<void>;
  addLabels(ref: ChangeRef, labels: string[]): Promise<void>;
}
