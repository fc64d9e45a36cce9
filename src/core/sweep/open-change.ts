/** One open change as the sweep's search sees it: enough to tell whether it needs an evaluation. */
export interface OpenChange {
  owner: string;
  repo: string;
  number: number;
  kind: 'pull_request' | 'issue';
  /** A pull request's base branch (absent: not read, or an issue). */
  baseRef?: string;
  /** A pull request's head commit. */
  headSha: string | null;
  /** Pull requests: summaries of our own app's check runs on the head commit (none = no check of ours there). */
  checkSummaries: string[];
  /** Issues: the first and the latest comments (author login as GraphQL spells it, body), in posting order. */
  recentComments: Array<{ author: string | null; body: string }>;
}
