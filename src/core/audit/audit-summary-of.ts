import type { AuditChange, AuditSummary } from './audit-export.ts';

const sum = (changes: readonly AuditChange[], count: (change: AuditChange) => number): number =>
  changes.reduce((total, change) => total + count(change), 0);

/** The export's totals, from its changes. */
export const auditSummaryOf = (changes: readonly AuditChange[]): AuditSummary => ({
  changes: changes.length,
  verified: changes.filter((change) => change.verdict === 'verified').length,
  not_verified: changes.filter((change) => change.verdict !== 'verified').length,
  history_comments: sum(changes, (change) => change.history.comments.length),
  verified_entries: sum(
    changes,
    (change) => change.history.entries.filter((entry) => entry.verdict === 'verified').length,
  ),
  failing_problems: sum(changes, (change) => change.history.problems.filter((p) => p.failing).length),
  notices: sum(changes, (change) => change.history.problems.filter((p) => !p.failing).length),
  approvals: sum(changes, (change) => change.approvals.length),
  check_runs: sum(changes, (change) => change.checks.check_runs.length),
  statuses: sum(changes, (change) => change.checks.statuses.length),
  deployments: sum(changes, (change) => change.deployments.length),
});
