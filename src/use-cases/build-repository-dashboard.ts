import { buildDashboard, type DashboardChange } from '../core/dashboard/build-dashboard.ts';
import type { Dashboard } from '../core/dashboard/dashboard.ts';
import type { HistoryVerifier } from '../core/history/create-verifier.ts';
import { CONFIG_PATH } from '../core/policy/config-path.ts';
import { loadPolicy } from '../core/policy/load-policy.ts';
import { buildReport } from '../core/report/build-report.ts';
import { reportChangeOf } from '../core/report/report-change-of.ts';
import { type ReportPeriodInput, reportPeriod } from '../core/report/report-period.ts';
import type { ReportSourcePort } from '../github/ports/report-source-port.ts';
import { ReportConfigError } from './build-repository-report.ts';

/**
 * The dashboard of one repository for a period, from GitHub, in one read: the repository's config (label,
 * targets, approval timeouts, maintenance and freeze windows), then every change labelled so and updated since
 * the period began, with its comments (history verified with the given public keys only) and its body (the
 * block's schedule). 1. read → 2. the report → 3. the dashboard (open changes, calendar).
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
}): Promise<Dashboard> => {
  const period = reportPeriod(options.period);
  const loaded = loadPolicy(await options.port.readConfig());
  if (loaded.status === 'invalid')
    throw new ReportConfigError(
      `${CONFIG_PATH} is not valid: ${loaded.problems.map((problem) => problem.message).join('; ')}`,
    );
  const { policy } = loaded;
  const repository = `${options.owner}/${options.repo}`;
  const found = await options.port.changes({
    label: policy.label,
    updatedSince: new Date(period.from).toISOString().slice(0, 10),
  });
  const changes: DashboardChange[] = found.map((change) => ({
    ...reportChangeOf({ repository, change, botLogin: options.botLogin, verifiers: options.verifiers }),
    body: change.body ?? null,
  }));
  const report = buildReport({ changes, period: options.period, targets: policy.metrics.targets });
  return buildDashboard({ report, changes, policy, now: options.now });
};
