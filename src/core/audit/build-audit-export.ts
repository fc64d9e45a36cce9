import type { HistoryVerifier } from '../history/create-verifier.ts';
import type { Policy } from '../policy/policy.ts';
import type { ReportPeriod } from '../report/report-period.ts';
import { auditChangeOf } from './audit-change-of.ts';
import {
  AUDIT_EXPORT_FORMAT,
  AUDIT_EXPORT_SCHEMA_ID,
  type AuditChangeFacts,
  type AuditExport,
} from './audit-export.ts';
import { auditSummaryOf } from './audit-summary-of.ts';
import { controlIndex } from './control-index.ts';

/** How the export chose its changes, in words (the report's rule). */
export const SELECTION_RULE =
  'pull requests and issues carrying the label, updated at or after the period began, whose latest verified `submitted` entry falls in the period (start included, end excluded); a change whose history does not verify and records no verified submission is included and marked';

export interface BuildAuditExportOptions {
  repository: string;
  period: ReportPeriod;
  label: string;
  /** `YYYY-MM-DD` the search started from. */
  updatedSince: string;
  botLogin: string;
  verifiers: readonly Pick<HistoryVerifier, 'keyId' | 'verify'>[];
  config: AuditExport['config'];
  policy: Policy;
  /** ISO time. */
  generatedAt: string;
  /** The period's changes, as GitHub showed them. */
  changes: readonly AuditChangeFacts[];
}

/**
 * The audit export of one repository for a period (pure): each change derived from its facts with the given
 * public keys (`auditChangeOf`), ordered by number, then the totals and the control index.
 */
export const buildAuditExport = (options: BuildAuditExportOptions): AuditExport => {
  const { repository, period, policy } = options;
  const changes = [...options.changes]
    .sort((a, b) => a.number - b.number)
    .map(
      (facts) =>
        auditChangeOf({
          repository,
          facts,
          botLogin: options.botLogin,
          verifiers: options.verifiers,
          policy,
        }).change,
    );
  return {
    $schema: AUDIT_EXPORT_SCHEMA_ID,
    format: AUDIT_EXPORT_FORMAT,
    version: 1,
    generated_at: options.generatedAt,
    repository,
    period: {
      label: period.label,
      from: new Date(period.from).toISOString(),
      to: new Date(period.to).toISOString(),
    },
    selection: { label: options.label, updated_since: options.updatedSince, rule: SELECTION_RULE },
    bot_login: options.botLogin,
    key_ids: options.verifiers.map((verifier) => verifier.keyId),
    config: options.config,
    summary: auditSummaryOf(changes),
    index: controlIndex(changes),
    changes,
  };
};
