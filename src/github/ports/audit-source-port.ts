import type { AuditChecks, AuditDeployment } from '../../core/audit/audit-export.ts';
import type { ReportSourcePort } from './report-source-port.ts';

/**
 * What `change-gate audit export` reads of one repository, with whatever token the user has: its config and
 * its changes as the report reads them (`ReportSourcePort`: the config as the app resolves it, the search in
 * creation windows), and the evidence of each change. Every method throws when it cannot read all it asks
 * for: evidence is never built on part of the facts. Implemented with Octokit in
 * `src/github/octokit/octokit-audit-source-port.ts`.
 */
export interface AuditSourcePort extends ReportSourcePort {
  /** Every check run and commit status on a commit. */
  commitChecks(sha: string): Promise<Omit<AuditChecks, 'sha'>>;
  /** The deployments of a commit, with their statuses. */
  deploymentsOf(sha: string): Promise<AuditDeployment[]>;
  /** One deployment and its statuses; `found: false` when GitHub no longer has it. */
  deployment(id: number): Promise<AuditDeployment>;
}
