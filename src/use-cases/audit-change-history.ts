import type { HistoryVerifier } from '../core/history/create-verifier.ts';
import { type ChangeHistoryReport, changeHistoryReport } from '../core/report/change-history-report.ts';
import { reportChangeOf } from '../core/report/report-change-of.ts';
import { untrustedHistory } from '../core/report/untrusted-history.ts';
import type { ChangeCommentsPort } from '../github/ports/change-comments-port.ts';

export interface AuditedChangeHistory {
  report: ChangeHistoryReport;
  /**
   * True when the history can be relied on: every entry verifies, none is foreign, the chain is whole
   * (`report.verified`) and no one else's comment imitates an entry (`forged`). Edited comments whose signed
   * entry is intact, duplicates and forks are named in `report.problems` but do not fail it.
   */
  passes: boolean;
  /** For each of `report.problems`, in the same order: whether it fails the history (else a notice). */
  failing: boolean[];
}

/**
 * An auditor's reading of one change's signed history: every comment of the PR or issue, verified with the
 * given public keys only (no private key), in the procedure's Change History shape.
 */
export const auditChangeHistory = async (options: {
  port: ChangeCommentsPort;
  ref: { owner: string; repo: string; number: number };
  /** The app's bot login as REST spells it, e.g. `change-gate[bot]`. */
  botLogin: string;
  verifiers: readonly Pick<HistoryVerifier, 'keyId' | 'verify'>[];
}): Promise<AuditedChangeHistory> => {
  const change = await options.port.readComments(options.ref);
  const repository = `${options.ref.owner}/${options.ref.repo}`;
  const { changeId, history } = reportChangeOf({
    repository,
    change,
    botLogin: options.botLogin,
    verifiers: options.verifiers,
  });
  const report = changeHistoryReport({ repository, number: change.number, changeId, history });
  const failing = history.problems.map(
    (problem) => problem.kind === 'forged' || untrustedHistory([problem]).length > 0,
  );
  return { report, passes: !failing.includes(true), failing };
};
