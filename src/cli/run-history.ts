import type { ChangeCommentsPort } from '../github/ports/change-comments-port.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import { type AuditedChangeHistory, auditChangeHistory } from '../use-cases/audit-change-history.ts';
import type { OutputFormat } from './cli-args.ts';
import { loadPublicKeys } from './load-public-keys.ts';

export const HISTORY_EXIT = { verified: 0, problems: 1, usage: 2 } as const;

export interface HistoryOptions {
  ref: { owner: string; repo: string; number: number };
  /** Paths of the public keys whose signatures count (PEM). */
  publicKeys: readonly string[];
  format: OutputFormat;
  /** The app's slug: its history comments are those of `SLUG[bot]`. */
  appSlug: string;
  /** Reads a file as UTF-8; throws when it cannot. */
  readFile: (path: string) => string;
  port: ChangeCommentsPort;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * `change-gate history`: one change's signed history, verified with the given public keys only, in the
 * procedure's Change History shape (JSON) or one line per entry (text), every problem named. Exit 0 when it
 * verifies, 1 when it has problems, 2 when a key or the change cannot be read.
 */
export async function runHistory(options: HistoryOptions): Promise<number> {
  const keys = loadPublicKeys(options.publicKeys, options.readFile);
  if ('error' in keys) {
    options.stderr(`change-gate history: ${keys.error}\n`);
    return HISTORY_EXIT.usage;
  }
  const label = `${options.ref.owner}/${options.ref.repo}#${options.ref.number}`;
  let audited: AuditedChangeHistory;
  try {
    audited = await auditChangeHistory({
      port: options.port,
      ref: options.ref,
      botLogin: `${options.appSlug}[bot]`,
      verifiers: keys.verifiers,
    });
  } catch (error) {
    options.stderr(`change-gate history: cannot read ${label}: ${errorMessage(error)}\n`);
    return HISTORY_EXIT.usage;
  }
  options.stdout(
    options.format === 'json' ? `${JSON.stringify(audited.report, null, 2)}\n` : formatHistoryText(audited),
  );
  return audited.passes ? HISTORY_EXIT.verified : HISTORY_EXIT.problems;
}

function formatHistoryText({ report, passes, failing }: AuditedChangeHistory): string {
  const lines = [`Change history of ${report.change_id} (${report.repository}#${report.number})`];
  if (report.history.length === 0) lines.push('  no verified history entry');
  for (const item of report.history)
    lines.push(`✓ ${item.timestamp}  ${item.event}  ${item.user}  verified (comment ${item.comment_id})`);
  // ✗ fails the history; ! is a notice (an edited comment whose signed entry is intact, a duplicate, a fork).
  report.problems.forEach((problem, index) => {
    lines.push(`${failing[index] ? '✗' : '!'} ${problem.kind}: ${problem.message}`);
  });
  const entries = `${report.history.length} verified entr${report.history.length === 1 ? 'y' : 'ies'}`;
  lines.push(
    passes
      ? `Verifies: ${entries}${report.problems.length > 0 ? `, ${report.problems.length} notice(s) above` : ''}.`
      : `Does not verify: ${failing.filter(Boolean).length} problem(s), ${entries}.`,
  );
  return `${lines.join('\n')}\n`;
}
