import type { AuditChecks, AuditComment, AuditDeployment } from '../../core/audit/audit-export.ts';

/** A pull request or issue as the audit export reads it: what it is, its body now, every comment. */
export interface AuditChangeRead {
  number: number;
  kind: 'pull_request' | 'issue';
  title: string;
  url: string;
  author: string;
  createdAt: string;
  body: string;
  comments: AuditComment[];
}

/**
 * What `change-gate audit export` reads of one repository, with whatever token the user has. Every method
 * throws when it cannot read all it asks for: evidence is never built on part of the facts.
 * Implemented with Octokit in `src/github/octokit/octokit-audit-source-port.ts`.
 */
export interface AuditSourcePort {
  /** The text of `.github/change-management.yml` on the default branch; null when there is none. */
  readConfig(): Promise<string | null>;
  /** Every pull request and issue labelled LABEL and updated at or after SINCE (`YYYY-MM-DD`), with every comment. */
  changes(query: { label: string; updatedSince: string }): Promise<AuditChangeRead[]>;
  /** Every check run and commit status on a commit. */
  commitChecks(sha: string): Promise<Omit<AuditChecks, 'sha'>>;
  /** The deployments of a commit, with their statuses. */
  deploymentsOf(sha: string): Promise<AuditDeployment[]>;
  /** One deployment and its statuses; `found: false` when GitHub no longer has it. */
  deployment(id: number): Promise<AuditDeployment>;
}
