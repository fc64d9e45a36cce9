import { buildDashboard, type DashboardChange } from '../core/dashboard/build-dashboard.ts';
import type { Dashboard } from '../core/dashboard/dashboard.ts';
import type { HistoryVerifier } from '../core/history/create-verifier.ts';
import { buildReport } from '../core/report/build-report.ts';
import { reportChangeOf } from '../core/report/report-change-of.ts';
import type { ReportPeriodInput } from '../core/report/report-period.ts';
import type { ChangeSearchQuery, ReportSourcePort } from '../github/ports/report-source-port.ts';
import { readRepositoryPolicy, reportReadRange } from './build-scope-report.ts';
import { type ReadProgress, readChangesWindowed } from './read-changes-windowed.ts';

/**
 * The dashboard of one repository for a period, from GitHub: the repository's config as the app reads it
 * (label, targets, approval timeouts, maintenance and freeze windows), then 1. every change labelled so and
 * updated since the period (or the trend's first month) began, and every change so labelled open on GitHub
 * however long untouched (one more search; merged by number), in the report's windows, with its comments
 * (history verified with the given public keys only) and its body (the block's schedule). The dashboard lists
 * changes one by one, so they are kept. 2. the report → 3. the dashboard (open changes, calendar).
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
  const progress: ReadProgress = { pages: 0, changes: 0, total: null };
  const read = async (query: Omit<ChangeSearchQuery, 'where' | 'label' | 'created'>) => {
    const found: DashboardChange[] = [];
    const pages = readChangesWindowed({
      port,
      query: { where: { repository }, label: policy.label, ...query },
      anchor: range.from,
      createdBefore: range.to,
      progress,
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
    for await (const page of pages)
      for (const change of page)
        found.push({
          ...reportChangeOf({
            repository: change.repository,
            change,
            botLogin: options.botLogin,
            verifiers: options.verifiers,
          }),
          body: change.body ?? null,
        });
    return found;
  };
  // 1. The period's (and the trend's) changes, then those open on GitHub however long untouched.
  const changes = await read({ updatedSince: new Date(range.from).toISOString() });
  const seen = new Set(changes.map((change) => change.number));
  const untouched = (await read({ updatedSince: null, state: 'open' })).filter(
    (change) => !seen.has(change.number),
  );
  // 2. The report, of the changes updated since: one untouched since has no entry in its period or trend.
  const report = buildReport({ changes, period: options.period, targets: policy.metrics.targets });
  // 3. The dashboard, of them all.
  return buildDashboard({ report, changes: [...changes, ...untouched], policy, now: options.now });
};
