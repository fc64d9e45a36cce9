import type { HistoryVerifier } from '../core/history/create-verifier.ts';
import { CONFIG_PATH } from '../core/policy/config-path.ts';
import { loadPolicy } from '../core/policy/load-policy.ts';
import { buildReport } from '../core/report/build-report.ts';
import type { Report } from '../core/report/report.ts';
import { reportChangeOf } from '../core/report/report-change-of.ts';
import { type ReportPeriodInput, reportPeriod } from '../core/report/report-period.ts';
import type { ReportSourcePort } from '../github/ports/report-source-port.ts';

/** The repository's config does not load: the report's label and targets are unknown. */
export class ReportConfigError extends Error {}

/**
 * The report of one repository for a period, from GitHub: the repository's config gives the change label and
 * the metric targets (the procedure's defaults without a config); every change labelled so and updated since
 * the period began is read with all its comments, and its history verified with the given public keys only.
 * A change updated earlier has no entry in the period, so it changes no figure.
 */
export const buildRepositoryReport = async (options: {
  port: ReportSourcePort;
  owner: string;
  repo: string;
  period: ReportPeriodInput;
  /** The app's bot login as REST spells it, e.g. `change-gate[bot]`. */
  botLogin: string;
  verifiers: readonly Pick<HistoryVerifier, 'keyId' | 'verify'>[];
}): Promise<Report> => {
  const period = reportPeriod(options.period);
  const loaded = loadPolicy(await options.port.readConfig());
  if (loaded.status === 'invalid')
    throw new ReportConfigError(
      `${CONFIG_PATH} is not valid: ${loaded.problems.map((problem) => problem.message).join('; ')}`,
    );
  const repository = `${options.owner}/${options.repo}`;
  const found = await options.port.changes({
    label: loaded.policy.label,
    updatedSince: new Date(period.from).toISOString().slice(0, 10),
  });
  const changes = found.map((change) =>
    reportChangeOf({ repository, change, botLogin: options.botLogin, verifiers: options.verifiers }),
  );
  return buildReport({ changes, period: options.period, targets: loaded.policy.metrics.targets });
};
