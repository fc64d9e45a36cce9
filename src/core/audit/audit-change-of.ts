import { changeIdOf } from '../decision/change-id.ts';
import { recordedState } from '../decision/recorded-state.ts';
import type { HistoryVerifier } from '../history/create-verifier.ts';
import type { Policy } from '../policy/policy.ts';
import { approvalsOf, approvedShaOf } from './approvals-of.ts';
import type { AuditChange, AuditChangeFacts, AuditDeployment, RecordedDeployment } from './audit-export.ts';
import { type AuditedHistory, auditHistoryOf } from './audit-history-of.ts';
import { auditRequestOf } from './audit-request-of.ts';
import { recordedDeploymentsOf } from './recorded-deployments-of.ts';

/** Where GitHub's deployment and the signed entry naming it disagree (environment, commit). */
const deploymentFindings = (
  deployments: readonly AuditDeployment[],
  recorded: readonly RecordedDeployment[],
): string[] =>
  recorded.flatMap((item): string[] => {
    const shown = deployments.find((deployment) => deployment.id === item.deployment_id && deployment.found);
    if (shown === undefined) return [];
    const differ = (
      [
        ['environment', shown.environment, item.environment],
        ['commit', shown.sha, item.sha],
      ] as const
    ).filter(([, github, signed]) => signed !== null && github !== signed);
    return differ.map(
      ([what, github, signed]) =>
        `deployment ${item.deployment_id}: GitHub shows ${what} ${JSON.stringify(github)}, the signed entry of comment ${item.comment_id} (${item.event}) records ${JSON.stringify(signed)}`,
    );
  });

/** `{ repository_id }` when the id is known, else nothing (exports made before it was recorded stay as they were). */
const idOf = (from: { repository_id?: number | null }): { repository_id?: number } =>
  typeof from.repository_id === 'number' ? { repository_id: from.repository_id } : {};

export interface AuditedChange {
  change: AuditChange;
  audited: AuditedHistory;
}

/**
 * One change of the audit export, derived from what GitHub showed (`facts`) and the given public keys only:
 * its ID, its history with each comment's verdict, its status and approvals from the verified entries, its
 * request block compared with the recorded one, the checks and deployments GitHub showed, and every finding
 * (a failing history problem; checks read on another commit than the approved one; a deployment whose
 * environment or commit differs from what its signed entry records). Pure; JSON-clean.
 */
export const auditChangeOf = (options: {
  repository: string;
  facts: AuditChangeFacts;
  botLogin: string;
  verifiers: readonly Pick<HistoryVerifier, 'keyId' | 'verify'>[];
  policy: Policy;
}): AuditedChange => {
  const { repository, facts, policy } = options;
  const changeId = changeIdOf({ createdAt: facts.created_at, number: facts.number });
  const audited = auditHistoryOf({
    repository,
    repositoryId: facts.repository_id ?? null,
    number: facts.number,
    changeId,
    comments: facts.comments,
    botLogin: options.botLogin,
    verifiers: options.verifiers,
  });
  const entries = audited.read.entries;
  const state = recordedState(entries);
  const approvedSha = approvedShaOf(entries);
  const recorded = recordedDeploymentsOf(entries);
  const findings = [...audited.findings];
  if (facts.checks.sha !== approvedSha)
    findings.push(
      `the checks were read on commit ${facts.checks.sha ?? 'none'}, but the last approval binds to ${approvedSha ?? 'none'}`,
    );
  findings.push(...deploymentFindings(facts.deployments, recorded));
  const change: AuditChange = {
    repository,
    ...idOf(facts),
    number: facts.number,
    change_id: changeId,
    kind: facts.kind,
    title: facts.title,
    url: facts.url,
    author: facts.author,
    created_at: facts.created_at,
    verdict: findings.length === 0 ? 'verified' : 'not_verified',
    findings,
    status: state.status,
    submitted_at: state.submitted?.entry.at ?? null,
    request: auditRequestOf({ body: facts.body, policy, recordedBlockHash: state.blockHash ?? null }),
    approvals: approvalsOf(entries, policy),
    approved_sha: approvedSha,
    checks: facts.checks,
    deployments: facts.deployments,
    recorded_deployments: recorded,
    history: audited.history,
  };
  return { change: JSON.parse(JSON.stringify(change)) as AuditChange, audited };
};

/** The facts an exported change was derived from: what `audit verify` recomputes everything else from. */
export const factsOf = (change: AuditChange): AuditChangeFacts => ({
  ...idOf(change),
  number: change.number,
  kind: change.kind,
  title: change.title,
  url: change.url,
  author: change.author,
  created_at: change.created_at,
  body: change.request.body,
  comments: change.history.comments,
  checks: change.checks,
  deployments: change.deployments,
});
