import { approvedShaOf } from '../core/audit/approvals-of.ts';
import type { AuditChangeFacts, AuditDeployment, AuditExport } from '../core/audit/audit-export.ts';
import { auditHistoryOf } from '../core/audit/audit-history-of.ts';
import { buildAuditExport } from '../core/audit/build-audit-export.ts';
import { inAuditPeriod } from '../core/audit/in-audit-period.ts';
import { recordedDeploymentIds, recordedDeploymentsOf } from '../core/audit/recorded-deployments-of.ts';
import { changeIdOf } from '../core/decision/change-id.ts';
import type { HistoryVerifier } from '../core/history/create-verifier.ts';
import { CONFIG_PATH } from '../core/policy/config-path.ts';
import { loadPolicy } from '../core/policy/load-policy.ts';
import { type ReportPeriodInput, reportPeriod } from '../core/report/report-period.ts';
import type { AuditChangeRead, AuditSourcePort } from '../github/ports/audit-source-port.ts';
import { ReportConfigError } from './build-scope-report.ts';
import { mapWithConcurrency } from './map-with-concurrency.ts';

/** Where a long export is: changes found, then each change's checks and deployments read. */
export type AuditProgress =
  | { phase: 'changes'; found: number; inPeriod: number }
  | { phase: 'evidence'; done: number; total: number };

type Verifiers = readonly Pick<HistoryVerifier, 'keyId' | 'verify'>[];

/** A change's checks (on the approved commit) and deployments (of that commit, and every one its entries name). */
const readEvidence = async (options: {
  port: AuditSourcePort;
  repository: string;
  change: AuditChangeRead;
  botLogin: string;
  verifiers: Verifiers;
}): Promise<AuditChangeFacts> => {
  const { port, change } = options;
  const { read } = auditHistoryOf({
    repository: options.repository,
    number: change.number,
    changeId: changeIdOf(change),
    comments: change.comments,
    botLogin: options.botLogin,
    verifiers: options.verifiers,
  });
  const sha = approvedShaOf(read.entries);
  const checks = sha === null ? { check_runs: [], statuses: [] } : await port.commitChecks(sha);
  const deployments: AuditDeployment[] = sha === null ? [] : await port.deploymentsOf(sha);
  for (const id of recordedDeploymentIds(recordedDeploymentsOf(read.entries)))
    if (!deployments.some((deployment) => deployment.id === id)) deployments.push(await port.deployment(id));
  return {
    number: change.number,
    kind: change.kind,
    title: change.title,
    url: change.url,
    author: change.author,
    created_at: change.createdAt,
    body: change.body,
    comments: change.comments,
    checks: { sha, ...checks },
    deployments: deployments.sort((a, b) => a.id - b.id),
  };
};

/**
 * The audit evidence of one repository for a period, from GitHub:
 * 1. the config gives the change label (and who holds each role); an invalid config stops the export;
 * 2. every change labelled so and updated since the period began, with its body and every comment;
 * 3. those of the period, as the report picks them (`inAuditPeriod`), each with the checks on its approved
 *    commit and its deployments (a few at a time);
 * 4. `buildAuditExport` derives the rest with the public keys only.
 */
export const exportAuditEvidence = async (options: {
  port: AuditSourcePort;
  owner: string;
  repo: string;
  period: ReportPeriodInput;
  /** The app's bot login as REST spells it, e.g. `change-gate[bot]`. */
  botLogin: string;
  verifiers: Verifiers;
  now: () => Date;
  progress?: (progress: AuditProgress) => void;
}): Promise<AuditExport> => {
  const { port, botLogin, verifiers } = options;
  const period = reportPeriod(options.period);
  const repository = `${options.owner}/${options.repo}`;
  const configText = await port.readConfig();
  const loaded = loadPolicy(configText);
  if (loaded.status === 'invalid')
    throw new ReportConfigError(
      `${CONFIG_PATH} is not valid: ${loaded.problems.map((problem) => problem.message).join('; ')}`,
    );
  const updatedSince = new Date(period.from).toISOString().slice(0, 10);
  const found = await port.changes({ label: loaded.policy.label, updatedSince });
  const ofPeriod = found.filter((change) =>
    inAuditPeriod(
      auditHistoryOf({
        repository,
        number: change.number,
        changeId: changeIdOf(change),
        comments: change.comments,
        botLogin,
        verifiers,
      }).read,
      period,
    ),
  );
  options.progress?.({ phase: 'changes', found: found.length, inPeriod: ofPeriod.length });
  let done = 0;
  const changes = await mapWithConcurrency({
    items: ofPeriod,
    limit: 4,
    map: async (change) => {
      const facts = await readEvidence({ port, repository, change, botLogin, verifiers });
      done += 1;
      options.progress?.({ phase: 'evidence', done, total: ofPeriod.length });
      return facts;
    },
  });
  return buildAuditExport({
    repository,
    period,
    label: loaded.policy.label,
    updatedSince,
    botLogin,
    verifiers,
    config: { path: CONFIG_PATH, text: configText },
    policy: loaded.policy,
    generatedAt: options.now().toISOString(),
    changes,
  });
};
