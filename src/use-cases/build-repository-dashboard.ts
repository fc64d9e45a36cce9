import { buildDashboard, type DashboardChange } from '../core/dashboard/build-dashboard.ts';
import type { Dashboard } from '../core/dashboard/dashboard.ts';
import type { HistoryVerifier } from '../core/history/create-verifier.ts';
import { buildReport } from '../core/report/build-report.ts';
import { reportChangeOf } from '../core/report/report-change-of.ts';
import type { ReportPeriodInput } from '../core/report/report-period.ts';
import type { ReportSourcePort } from '../github/ports/report-source-port.ts';
import { readRepositoryPolicy, reportReadRange } from './build-scope-report.ts';
import { type ReadProgress, readChangesWindowed } from './read-changes-windowed.ts';

/**
 * The dashboard of one repository for a period, from GitHub, in one read: the repository's config as the app
 * reads it (label, targets, approval timeouts, maintenance and freeze windows), then every change labelled so
 * and updated since the period (or the trend's first month) began, in the report's windows, with its comments
 * (history verified with the given public keys only) and its body (the block's schedule). The dashboard lists
 * changes one by one, so they are kept. 1. read → 2. the report → 3. the dashboard (open changes, calendar).
 */
export const buildRepositoryDashboard = async (options: {
  port: ReportSourcePort;
  owner: string;
  repo: string;
  period: ReportPeriodInput;
  /** The app's bot login as REST spells it, e.g. `change-gate[bot]`. */
  botLogin: string;
  verifiers: readonly Pick<HistoryVerifier, 'keyId' | 'verify'>[];
  now: Date;
  onProgress?: (progress: ReadProgress) => void;
}): Promise<Dashboard> => {
  const { port, owner, repo } = options;
  const policy = await readRepositoryPolicy({ port, owner, repo });
  const range = reportReadRange(options.period);
  const repository = `${owner}/${repo}`;
  const changes: DashboardChange[] = [];
  const pages = readChangesWindowed({
    port,
    query: { where: { repository }, label: policy.label, updatedSince: new Date(range.from).toISOString() },
    anchor: range.from,
    createdBefore: range.to,
    progress: { pages: 0, changes: 0, total: null },
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  for await (const page of pages)
    for (const change of page)
      changes.push({
        ...reportChangeOf({
          repository: change.repository,
          change,
          botLogin: options.botLogin,
          verifiers: options.verifiers,
        }),
        body: change.body ?? null,
      });
  const report = buildReport({ changes, period: options.period, targets: policy.metrics.targets });
  return buildDashboard({ report, changes, policy, now: options.now });
};
