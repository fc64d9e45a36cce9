import type { Report } from '../core/report/report.ts';
import { reportCsv } from '../core/report/report-csv.ts';
import { reportJson } from '../core/report/report-json.ts';
import { reportMarkdown } from '../core/report/report-markdown.ts';
import type { ReportPeriodInput } from '../core/report/report-period.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import type { ReportSourcePort } from '../github/ports/report-source-port.ts';
import { buildRepositoryReport, ReportConfigError } from '../use-cases/build-repository-report.ts';
import { loadPublicKeys } from './load-public-keys.ts';
import type { ReportFormat } from './parse-cli-args.ts';

export const REPORT_EXIT = { counted: 0, notCounted: 1, usage: 2 } as const;

export interface ReportOptions {
  repo: { owner: string; repo: string };
  period: ReportPeriodInput;
  publicKeys: readonly string[];
  format: ReportFormat;
  appSlug: string;
  readFile: (path: string) => string;
  port: ReportSourcePort;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const RENDER: Record<ReportFormat, (report: Report) => string> = {
  json: reportJson,
  csv: reportCsv,
  markdown: reportMarkdown,
};

/**
 * `change-gate report`: one repository's report for a period (JSON, CSV or Markdown), every change's history
 * verified with the given public keys only. Exit 0 when every change counted, 1 when some were set apart
 * (listed under not counted), 2 when a key, the config or the repository cannot be read.
 */
export async function runReport(options: ReportOptions): Promise<number> {
  const keys = loadPublicKeys(options.publicKeys, options.readFile);
  if ('error' in keys) {
    options.stderr(`change-gate report: ${keys.error}\n`);
    return REPORT_EXIT.usage;
  }
  const repository = `${options.repo.owner}/${options.repo.repo}`;
  let report: Report;
  try {
    report = await buildRepositoryReport({
      port: options.port,
      ...options.repo,
      period: options.period,
      botLogin: `${options.appSlug}[bot]`,
      verifiers: keys.verifiers,
    });
  } catch (error) {
    const what = error instanceof ReportConfigError ? '' : `cannot read ${repository}: `;
    options.stderr(`change-gate report: ${what}${errorMessage(error)}\n`);
    return REPORT_EXIT.usage;
  }
  const text = RENDER[options.format](report);
  options.stdout(text.endsWith('\n') ? text : `${text}\n`);
  if (report.not_counted.total > 0)
    options.stderr(
      `change-gate report: ${report.not_counted.total} change(s) not counted: their history does not verify\n`,
    );
  return report.not_counted.total > 0 ? REPORT_EXIT.notCounted : REPORT_EXIT.counted;
}
