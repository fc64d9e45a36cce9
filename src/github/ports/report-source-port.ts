import type { ChangeComments, ChangeCommentsPort } from './change-comments-port.ts';
import type { ConfigFilePort } from './config-file-port.ts';

/** Where a report reads: one repository, or every repository of an account (an organization or a user). */
export type ReportScope =
  | { kind: 'repository'; owner: string; repo: string }
  | { kind: 'owner'; owner: string };

/** A repository of the scope and the text of its own `.github/change-management.yml` (null: it has none). */
export interface ScopeRepository {
  /** The repository's name, without its owner. */
  name: string;
  configText: string | null;
}

/** One page of an account's repositories (100 a page). */
export interface RepositoryPage {
  /** Whether the account is an organization (`org:`) or a user (`user:`): how a search names it. */
  ownerKind: 'Organization' | 'User';
  repositories: ScopeRepository[];
  /** The cursor of the next page; null at the end. */
  next: string | null;
}

/** Which changes one search asks for: where, which label, updated since when (or open), created in which window. */
export interface ChangeSearchQuery {
  /** A repository, or an account's repositories (`org:`/`user:`). */
  where: { repository: string } | { owner: string; ownerKind: 'Organization' | 'User' };
  label: string;
  /** ISO time: only changes updated at or after it (a change with an entry since was updated since); null: any. */
  updatedSince: string | null;
  /** Only changes open on GitHub (the dashboard's open changes, however long untouched). */
  state?: 'open';
  /** ISO times to the second, `from` included (null: no lower bound), `to` excluded. */
  created: { from: string | null; to: string };
}

/** A change found by a search, with the comments the page held. */
export interface FoundChange extends ChangeComments {
  /** `owner/name`. */
  repository: string;
  /** What the search says of it besides (the audit export keeps it; the report has no use for it). */
  kind?: 'pull_request' | 'issue';
  title?: string;
  /** Its page on GitHub. */
  url?: string;
  /** Who opened it, as REST spells logins (`slug[bot]` for an app, `ghost` for a deleted account). */
  author?: string;
  /** False when the thread has more comments than the page held: read it whole before judging it. */
  commentsComplete: boolean;
}

/** One page (100 changes) of a search, in creation order, with what the search counts in all. */
export interface ChangeSearchPage {
  /** Every change the query matches, even past the 1,000 GitHub's search pages through. */
  issueCount: number;
  changes: FoundChange[];
  /** The cursor of the next page; null at the end. */
  next: string | null;
}

/**
 * What a report reads of GitHub (the CLI's `change-gate report`, the dashboard, the audit export's changes), with whatever token the user has: the
 * repositories of its scope with their config, other config files (the owner's `.github` fallback,
 * `_extends`), pages of a search for changes with their comments, and a long thread whole. Every method throws
 * when it cannot read what it was asked: a report is never built on part of the changes. Implemented with
 * Octokit in `src/github/octokit/octokit-report-source-port.ts`.
 */
export interface ReportSourcePort extends ConfigFilePort, ChangeCommentsPort {
  /**
   * One page of the scope's repositories (one repository's scope has one page); `after` is the previous page's
   * `next` (null for the first). Throws when the repository or the account is not visible.
   */
  repositories(scope: ReportScope, after: string | null): Promise<RepositoryPage>;
  /** One page of changes; `after` is the previous page's `next` (null for the first). */
  searchChanges(query: ChangeSearchQuery, after: string | null): Promise<ChangeSearchPage>;
}
