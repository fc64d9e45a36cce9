import type { AuditExport } from '../core/audit/audit-export.ts';
import type { ReportPeriodInput } from '../core/report/report-period.ts';
import type { AuditSourcePort } from '../github/ports/audit-source-port.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import { ReportConfigError } from '../use-cases/build-scope-report.ts';
import { type AuditProgress, exportAuditEvidence } from '../use-cases/export-audit-evidence.ts';
import { loadPublicKeys } from './load-public-keys.ts';

export const AUDIT_EXPORT_EXIT = { verified: 0, notVerified: 1, usage: 2 } as const;

export interface AuditExportOptions {
  repo: { owner: string; repo: string };
  period: ReportPeriodInput;
  publicKeys: readonly string[];
  appSlug: string;
  /** Null: standard output. */
  output: string | null;
  readFile: (path: string) => string;
  writeFile: (path: string, text: string) => void;
  port: AuditSourcePort;
  now: () => Date;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Progress on stderr: the changes found, then every tenth of the evidence read (and the last). */
const progressLine =
  (stderr: (text: string) => void) =>
  (progress: AuditProgress): void => {
    if (progress.phase === 'changes') {
      stderr(
        `change-gate audit export: ${progress.found} labelled change(s) updated since the period began, ${progress.inPeriod} of the period\n`,
      );
      return;
    }
    const step = Math.max(1, Math.floor(progress.total / 10));
    if (progress.done % step === 0 || progress.done === progress.total)
      stderr(
        `change-gate audit export: checks and deployments read for ${progress.done}/${progress.total}\n`,
      );
  };

/**
 * `change-gate audit export`: one repository's audit evidence for a period, as one JSON file
 * (`schemas/audit-export.schema.json`), every history verified with the given public keys only. Exit 0 when
 * every change verifies, 1 when some do not (the export is written all the same, marking them), 2 when a key,
 * the config, the repository or the output cannot be read or written.
 */
export async function runAuditExport(options: AuditExportOptions): Promise<number> {
  const keys = loadPublicKeys(options.publicKeys, options.readFile);
  if ('error' in keys) {
    options.stderr(`change-gate audit export: ${keys.error}\n`);
    return AUDIT_EXPORT_EXIT.usage;
  }
  const repository = `${options.repo.owner}/${options.repo.repo}`;
  let evidence: AuditExport;
  try {
    evidence = await exportAuditEvidence({
      port: options.port,
      ...options.repo,
      period: options.period,
      botLogin: `${options.appSlug}[bot]`,
      verifiers: keys.verifiers,
      now: options.now,
      progress: progressLine(options.stderr),
    });
  } catch (error) {
    const what = error instanceof ReportConfigError ? '' : `cannot read ${repository}: `;
    options.stderr(`change-gate audit export: ${what}${errorMessage(error)}\n`);
    return AUDIT_EXPORT_EXIT.usage;
  }
  const text = `${JSON.stringify(evidence, null, 2)}\n`;
  if (options.output === null) options.stdout(text);
  else {
    try {
      options.writeFile(options.output, text);
    } catch (error) {
      options.stderr(`change-gate audit export: cannot write ${options.output}: ${errorMessage(error)}\n`);
      return AUDIT_EXPORT_EXIT.usage;
    }
  }
  const where = options.output === null ? 'standard output' : options.output;
  const failing = evidence.changes.filter((change) => change.verdict !== 'verified');
  options.stderr(
    `change-gate audit export: ${evidence.summary.changes} change(s) of ${evidence.period.label} written to ${where}\n`,
  );
  for (const change of failing)
    options.stderr(
      `change-gate audit export: ${change.change_id} (${repository}#${change.number}) does not verify: ${change.findings.join('; ')}\n`,
    );
  return failing.length > 0 ? AUDIT_EXPORT_EXIT.notVerified : AUDIT_EXPORT_EXIT.verified;
}
