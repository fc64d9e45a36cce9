import { dashboardHtml } from '../core/dashboard/dashboard-html.ts';
import type { Report } from '../core/report/report.ts';
import { reportCsv } from '../core/report/report-csv.ts';
import { reportJson } from '../core/report/report-json.ts';
import { reportMarkdown } from '../core/report/report-markdown.ts';
import type { ReportPeriodInput } from '../core/report/report-period.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import type { ReportScope, ReportSourcePort } from '../github/ports/report-source-port.ts';
import { buildRepositoryDashboard } from '../use-cases/build-repository-dashboard.ts';
import { buildScopeReport, ReportConfigError } from '../use-cases/build-scope-report.ts';
import type { ReportFormat } from './cli-args.ts';
import { loadPublicKeys } from './load-public-keys.ts';
import type { ReportProgress } from './report-progress.ts';

export const REPORT_EXIT = { counted: 0, notCounted: 1, usage: 2 } as const;

export interface ReportOptions {
  scope: ReportScope;
  period: ReportPeriodInput;
  publicKeys: readonly string[];
  format: ReportFormat;
  /** Write the report to this file instead of standard output. */
  output: string | null;
  appSlug: string;
  readFile: (path: string) => string;
  writeFile: (path: string, text: string) => void;
  /** Chart.js's UMD build, inlined into the HTML dashboard. */
  chartJs: () => string;
  /** The dashboard's open changes are those open at the end of the period, or now when it is not over. */
  now: Date;
  port: ReportSourcePort;
  /** A progress bar on a terminal; silent otherwise. */
  progress: ReportProgress;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const RENDER: Record<Exclude<ReportFormat, 'html'>, (report: Report) => string> = {
  json: reportJson,
  csv: reportCsv,
  markdown: reportMarkdown,
};

const scopeName = (scope: ReportScope): string =>
  scope.kind === 'repository' ? `${scope.owner}/${scope.repo}` : `the repositories of ${scope.owner}`;

/** The report (and, for html, the dashboard around it) rendered; throws what the read throws. */
const render = async (
  options: ReportOptions & { chartJsText: string },
  read: Omit<Parameters<typeof buildScopeReport>[0], 'scope'>,
): Promise<{ text: string; report: Report }> => {
  const { scope } = options;
  if (options.format !== 'html') {
    const report = await buildScopeReport({ ...read, scope });
    return { text: RENDER[options.format](report), report };
  }
  if (scope.kind !== 'repository')
    throw new ReportConfigError('the HTML dashboard is of one repository: name it with --repo OWNER/NAME');
  const dashboard = await buildRepositoryDashboard({
    ...read,
    owner: scope.owner,
    repo: scope.repo,
    now: options.now,
  });
  return { text: dashboardHtml({ dashboard, chartJs: options.chartJsText }), report: dashboard.report };
};

/**
 * `change-gate report`: the report of one repository, or of every repository of an account, for a period
 * (Markdown, JSON, CSV, or the HTML dashboard of one repository), every change's history verified with the
 * given public keys only, printed or written to --output. Exit 0 when every change counted, 1 when some were
 * set apart (listed under not counted), 2 when a key, a config, the scope, the changes or the output file
 * cannot be read or written.
 */
export async function runReport(options: ReportOptions): Promise<number> {
  const keys = loadPublicKeys(options.publicKeys, options.readFile);
  if ('error' in keys) {
    options.stderr(`change-gate report: ${keys.error}\n`);
    return REPORT_EXIT.usage;
  }
  let chartJsText = '';
  if (options.format === 'html') {
    try {
      chartJsText = options.chartJs();
    } catch (error) {
      options.stderr(`change-gate report: cannot load Chart.js for the dashboard: ${errorMessage(error)}\n`);
      return REPORT_EXIT.usage;
    }
  }
  let rendered: { text: string; report: Report };
  try {
    rendered = await render(
      { ...options, chartJsText },
      {
        port: options.port,
        period: options.period,
        botLogin: `${options.appSlug}[bot]`,
        verifiers: keys.verifiers,
        onProgress: (progress) => options.progress.update(progress),
      },
    );
  } catch (error) {
    options.progress.stop();
    const what = error instanceof ReportConfigError ? '' : `cannot read ${scopeName(options.scope)}: `;
    options.stderr(`change-gate report: ${what}${errorMessage(error)}\n`);
    return REPORT_EXIT.usage;
  }
  options.progress.stop();
  const { text, report } = rendered;
  const ended = text.endsWith('\n') ? text : `${text}\n`;
  if (options.output === null) {
    options.stdout(ended);
  } else {
    try {
      options.writeFile(options.output, ended);
    } catch (error) {
      options.stderr(`change-gate report: cannot write ${options.output}: ${errorMessage(error)}\n`);
      return REPORT_EXIT.usage;
    }
    options.stderr(`change-gate report: wrote ${options.output}\n`);
  }
  if (report.not_counted.total > 0)
    options.stderr(
      `change-gate report: ${report.not_counted.total} change(s) not counted: their history does not verify\n`,
    );
  return report.not_counted.total > 0 ? REPORT_EXIT.notCounted : REPORT_EXIT.counted;
}
