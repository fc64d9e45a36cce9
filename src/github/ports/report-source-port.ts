import type { ChangeComments } from './change-comments-port.ts';

/**
 * What a report reads of one repository (the CLI's `change-gate report`), with whatever token the user has.
 * Implemented with Octokit in `src/github/octokit/octokit-report-source-port.ts`.
 */
export interface ReportSourcePort {
  /** The text of `.github/change-management.yml` on the default branch; null when there is none. */
  readConfig(): Promise<string | null>;
  /**
   * Every pull request and issue labelled LABEL and updated at or after SINCE (ISO), each with every comment.
   * Throws when they cannot all be read (GitHub's search stops at 1,000 results): a report is never built on
   * part of the changes.
   */
  changes(query: { label: string; updatedSince: string }): Promise<ChangeComments[]>;
}
