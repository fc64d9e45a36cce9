import { approvedShaOf } from '../core/audit/approvals-of.ts';
import { auditCommentOf } from '../core/audit/audit-comment-of.ts';
import type { AuditChangeFacts, AuditDeployment, AuditExport } from '../core/audit/audit-export.ts';
import { auditHistoryOf } from '../core/audit/audit-history-of.ts';
import { buildAuditExport } from '../core/audit/build-audit-export.ts';
import { inAuditPeriod } from '../core/audit/in-audit-period.ts';
import { recordedDeploymentIds, recordedDeploymentsOf } from '../core/audit/recorded-deployments-of.ts';
import { changeIdOf } from '../core/decision/change-id.ts';
import type { HistoryVerifier } from '../core/history/create-verifier.ts';
import { CONFIG_PATH } from '../core/policy/config-path.ts';
import { type ReportPeriodInput, reportPeriod } from '../core/report/report-period.ts';
import type { AuditSourcePort } from '../github/ports/audit-source-port.ts';
import { readRepositoryConfig, UnknownRepositoryError } from './build-scope-report.ts';
import { mapWithConcurrency } from './map-with-concurrency.ts';
import { type ReadChange, readChangesWindowed } from './read-changes-windowed.ts';

/** Where a long export is: changes found, then each change's checks and deployments read. */
export type AuditProgress =
  | { phase: 'changes'; found: number; inPeriod: number }
  | { phase: 'evidence'; done: number; total: number };

const DAY = 86_400_000;

type Verifiers = readonly Pick<HistoryVerifier, 'keyId' | 'verify'>[];

/** A change as the search read it, before its checks and deployments are. */
type AuditChangeRead = Omit<AuditChangeFacts, 'checks' | 'deployments'>;

const auditChangeReadOf = (change: ReadChange): AuditChangeRead => ({
  ...(typeof change.repositoryId === 'number' ? { repository_id: change.repositoryId } : {}),
  number: change.number,
  kind: change.kind ?? 'issue',
  title: change.title ?? '',
  url: change.url ?? '',
  author: change.author ?? 'ghost',
  created_at: change.createdAt,
  body: change.body ?? '',
  comments: change.comments.map(auditCommentOf),
});

const historyOf = (options: {
  repository: string;
  change: AuditChangeRead;
  botLogin: string;
  verifiers: Verifiers;
}) =>
  auditHistoryOf({
    repository: options.repository,
    repositoryId: options.change.repository_id ?? null,
    number: options.change.number,
    changeId: changeIdOf({ createdAt: options.change.created_at, number: options.change.number }),
    comments: options.change.comments,
    botLogin: options.botLogin,
    verifiers: options.verifiers,
  }).read;

/** A change's checks (on the approved commit) and deployments (of that commit, and every one its entries name). */
const readEvidence = async (options: {
  port: AuditSourcePort;
  repository: string;
  change: AuditChangeRead;
  botLogin: string;
  verifiers: Verifiers;
}): Promise<AuditChangeFacts> => {
  const { port, change } = options;
  const read = historyOf(options);
  const sha = approvedShaOf(read.entries);
  const checks = sha === null ? { check_runs: [], statuses: [] } : await port.commitChecks(sha);
  const deployments: AuditDeployment[] = sha === null ? [] : await port.deploymentsOf(sha);
  for (const id of recordedDeploymentIds(recordedDeploymentsOf(read.entries)))
    if (!deployments.some((deployment) => deployment.id === id)) deployments.push(await port.deployment(id));
  return {
    ...change,
    checks: { sha, ...checks },
    deployments: deployments.sort((a, b) => a.id - b.id),
  };
};

/**
 * The audit evidence of one repository for a period, from GitHub, read as the report reads it:
 * 1. the config as the app resolves it (its own file, else its owner's `.github`, `_extends`) gives the change
 *    label (and who holds each role); an invalid config stops the export;
 * 2. every change labelled so and updated since the period began, with its body and every comment, in the
 *    report's creation windows (`readChangesWindowed`: past GitHub's 1,000 a search);
 *    those of the period, as the report picks them (`inAuditPeriod`), are kept, the others let go;
 * 3. each kept change's checks on its approved commit and its deployments (a few at a time);
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
  const { port, owner, repo, botLogin, verifiers } = options;
  const period = reportPeriod(options.period);
  const repository = `${owner}/${repo}`;

  // 1. The config.
  const config = await readRepositoryConfig({ port, owner, repo });

  // 2. The changes of the period.
  const updatedSince = new Date(period.from).toISOString().slice(0, 10);
  const pages = readChangesWindowed({
    port,
    query: {
      where: { repository },
      label: config.policy.label,
      updatedSince: new Date(updatedSince).toISOString(),
    },
    anchor: period.from,
    // No bound on creation, as the selection rule says (a history's times are the app's clock, a change's
    // creation GitHub's): the windows end a day past this machine's now, in case GitHub's clock runs ahead.
    createdBefore: options.now().getTime() + DAY,
    progress: { pages: 0, changes: 0, total: null },
  });
  let found = 0;
  const ofPeriod: AuditChangeRead[] = [];
  for await (const page of pages)
    for (const read of page) {
      if (read.repository.toLowerCase() !== repository.toLowerCase())
        throw new UnknownRepositoryError(
          `GitHub's search for ${repository} returned ${read.repository}#${read.number}: export again`,
        );
      found += 1;
      const change = auditChangeReadOf(read);
      if (inAuditPeriod(historyOf({ repository, change, botLogin, verifiers }), period))
        ofPeriod.push(change);
    }
  options.progress?.({ phase: 'changes', found, inPeriod: ofPeriod.length });

  // 3. Their evidence.
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

  // 4. The export.
  return buildAuditExport({
    repository,
    period,
    label: config.policy.label,
    updatedSince,
    botLogin,
    verifiers,
    config: {
      path: config.files[0] ?? `${repository}:${CONFIG_PATH}`,
      files: config.files,
      text: config.text,
    },
    policy: config.policy,
    generatedAt: options.now().toISOString(),
    changes,
  });
};
