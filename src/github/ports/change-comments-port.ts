import type { CommentFact } from '../../core/decision/change-facts.ts';

/** A pull request or issue, and every comment on it in posting order. */
export interface ChangeComments {
  number: number;
  /** When it was opened: the year of its change ID. */
  createdAt: string;
  comments: CommentFact[];
  /** Its body (where the change block is), when the reader fetched it; the dashboard reads the schedule there. */
  body?: string | null;
  /**
   * Its repository's numeric id (GitHub's `databaseId`, the same across a rename or a transfer), when the
   * reader fetched it: its history is then read by id (an entry written under an old name is its own).
   */
  repositoryId?: number | null;
}

/**
 * Reads one pull request's or issue's comments, all of them, with whatever token the user has (the CLI's
 * `change-gate history`). Throws when the change cannot be read (not found, no access, a connection error)
 * or when it has more comments than the reader follows: a history is never judged on part of it.
 * Implemented with Octokit in `src/github/octokit/octokit-change-comments-port.ts`.
 */
export interface ChangeCommentsPort {
  readComments(ref: { owner: string; repo: string; number: number }): Promise<ChangeComments>;
}
