import type { OpenChange } from '../../core/sweep/open-change.ts';

/** What the sweep searches: one installation's account, the change label, our app and check. */
export interface OpenChangesQuery {
  /** The account the installation belongs to (its repositories are the ones the token sees). */
  account: { login: string; type: 'Organization' | 'User' };
  /** `owner/name`: search this one repository only (the action's default), not the whole account. */
  repository?: string;
  /** Label that makes a PR or issue a change request. */
  label: string;
  /** Our app's id: only its check runs are read. */
  appId: number;
}

/** The sweep's one read: open changes with their heads and our check runs, a page of 100 per request. */
export interface SweepPort {
  /**
   * Every open change, and every closed one still implementing (an emergency change deployed before approval
   * owes its follow-up), up to GitHub's 1000 search results; `truncated` when there were more.
   */
  openChanges(query: OpenChangesQuery): Promise<{ changes: OpenChange[]; truncated: boolean }>;
}
