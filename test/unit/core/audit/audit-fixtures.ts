import { auditCommentOf } from '../../../../src/core/audit/audit-comment-of.ts';
import type { AuditChangeFacts, AuditExport } from '../../../../src/core/audit/audit-export.ts';
import { buildAuditExport } from '../../../../src/core/audit/build-audit-export.ts';
import type { CommentFact } from '../../../../src/core/decision/change-facts.ts';
import type { HistorySigner } from '../../../../src/core/history/create-signer.ts';
import type { DraftEntry } from '../../../../src/core/history/draft-entry.ts';
import { defaultPolicy } from '../../../../src/core/policy/default-policy.ts';
import { reportPeriod } from '../../../../src/core/report/report-period.ts';
import {
  appSigner,
  BLOCK_1,
  BOT,
  draft,
  NUMBER,
  REPOSITORY,
  SHA_A,
  writeChain,
} from '../../history/history-fixtures.ts';

/** The lifecycle of CHG-2026-012 (acme/payments#12): submitted, approved on SHA_A, deployed 7, completed. */
export const approvedLifecycle = (): DraftEntry[] => [
  draft({ data: { priority: 'low', required_roles: ['change-manager'] } }),
  draft({
    event: 'approved',
    actor: 'carol',
    data: { approvers: { 'change-manager': ['carol'] }, conditions: ['staging first'] },
  }),
  draft({
    event: 'implementing',
    actor: 'deployer',
    data: { environment: 'production', deployment_id: 7, sha: SHA_A, state: 'in_progress' },
  }),
  draft({
    event: 'completed',
    actor: 'deployer',
    data: { environment: 'production', deployment_id: 7, sha: SHA_A, state: 'success' },
  }),
];

export const BODY = [
  'Adds MFA.',
  '',
  '```yaml',
  'change_request:',
  '  title: "Implement MFA"',
  '  description: "MFA for admins"',
  '  change_type: "feature"',
  '  priority: "low"',
  '  affected_systems: ["auth"]',
  '  risk_level: "low"',
  '  rollback_plan: "Turn it off"',
  '  testing_required: false',
  '```',
].join('\n');

/** The facts GitHub would show for acme/payments#12 with the given comments. */
export const factsOf = (
  comments: readonly CommentFact[],
  overrides: Partial<AuditChangeFacts> = {},
): AuditChangeFacts => ({
  number: NUMBER,
  kind: 'pull_request',
  title: 'Implement MFA',
  url: `https://github.com/${REPOSITORY}/pull/${NUMBER}`,
  author: 'alice',
  created_at: '2026-03-01T09:00:00Z',
  body: BODY,
  comments: comments.map(auditCommentOf),
  checks: {
    sha: SHA_A,
    check_runs: [
      {
        id: 1,
        name: 'test',
        app: 'github-actions',
        app_id: 15368,
        status: 'completed',
        conclusion: 'success',
        started_at: '2026-03-01T09:30:00Z',
        completed_at: '2026-03-01T09:40:00Z',
        url: null,
      },
    ],
    statuses: [],
  },
  deployments: [
    {
      id: 7,
      found: true,
      environment: 'production',
      sha: SHA_A,
      ref: 'main',
      creator: 'deployer',
      created_at: '2026-03-01T10:02:00Z',
      statuses: [
        { state: 'success', creator: 'deployer', description: null, created_at: '2026-03-01T10:03:00Z' },
      ],
    },
  ],
  ...overrides,
});

export const exportOf = (
  changes: AuditChangeFacts[],
  options: { signer?: HistorySigner; configText?: string | null } = {},
): AuditExport =>
  buildAuditExport({
    repository: REPOSITORY,
    period: reportPeriod('2026-03'),
    label: 'change',
    updatedSince: '2026-03-01',
    botLogin: BOT,
    verifiers: [options.signer ?? appSigner],
    config: { path: '.github/change-management.yml', text: options.configText ?? null },
    policy: defaultPolicy(),
    generatedAt: '2026-04-01T00:00:00.000Z',
    changes,
  });

export { BLOCK_1, writeChain };

/** A deep copy to edit as an attacker would. */
export const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
