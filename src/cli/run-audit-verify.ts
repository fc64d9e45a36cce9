import {
  type AuditFinding,
  type AuditVerification,
  verifyAuditExport,
} from '../core/audit/verify-audit-export.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import type { OutputFormat } from './cli-args.ts';
import { loadPublicKeys } from './load-public-keys.ts';

export const AUDIT_VERIFY_EXIT = { verified: 0, notVerified: 1, usage: 2 } as const;

export interface AuditVerifyOptions {
  /** The export's path; `-` reads standard input. */
  file: string;
  publicKeys: readonly string[];
  format: OutputFormat;
  readFile: (path: string) => string;
  readStdin: () => string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const line = (mark: string, finding: AuditFinding): string =>
  `${mark} ${[finding.change, finding.entry].filter((part) => part !== null).join(' ') || 'export'}: ${finding.why} (at ${finding.pointer})`;

const formatText = (file: string, result: AuditVerification): string => {
  const lines = [
    ...result.findings.map((finding) => line('✗', finding)),
    ...result.notices.map((finding) => line('!', finding)),
    result.ok
      ? `Verifies: ${file}, ${result.changes} change(s), ${result.verifiedEntries} signed entr${result.verifiedEntries === 1 ? 'y' : 'ies'}${result.notices.length > 0 ? `, ${result.notices.length} notice(s) above` : ''}.`
      : `Does not verify: ${file}, ${result.findings.length} finding(s).`,
  ];
  return `${lines.join('\n')}\n`;
};

/**
 * `change-gate audit verify EXPORT`: re-checks an audit export offline with the given public keys only — every
 * signature and chain recomputed from the exported comments, every verdict and derived field derived again —
 * and names whatever does not verify. Exit 0 only when everything verifies, 1 when something does not, 2 when
 * the export or a key cannot be read.
 */
export function runAuditVerify(options: AuditVerifyOptions): number {
  const keys = loadPublicKeys(options.publicKeys, options.readFile);
  if ('error' in keys) {
    options.stderr(`change-gate audit verify: ${keys.error}\n`);
    return AUDIT_VERIFY_EXIT.usage;
  }
  const name = options.file === '-' ? 'standard input' : options.file;
  let text: string;
  try {
    text = options.file === '-' ? options.readStdin() : options.readFile(options.file);
  } catch (error) {
    options.stderr(`change-gate audit verify: cannot read ${name}: ${errorMessage(error)}\n`);
    return AUDIT_VERIFY_EXIT.usage;
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    options.stderr(`change-gate audit verify: ${name} is not JSON: ${errorMessage(error)}\n`);
    return AUDIT_VERIFY_EXIT.usage;
  }
  const result = verifyAuditExport({ document, verifiers: keys.verifiers });
  options.stdout(
    options.format === 'json'
      ? `${JSON.stringify({ ok: result.ok, changes: result.changes, verified_entries: result.verifiedEntries, findings: result.findings, notices: result.notices }, null, 2)}\n`
      : formatText(name, result),
  );
  return result.ok ? AUDIT_VERIFY_EXIT.verified : AUDIT_VERIFY_EXIT.notVerified;
}
