import type { AuditChange, ControlEvidence, EvidenceItem } from './audit-export.ts';

interface EvidenceKind {
  requirement: string;
  evidence: string;
  where: string[];
  applies(change: AuditChange): boolean;
  shown(change: AuditChange): boolean;
}

const PASSING = new Set(['success', 'neutral', 'skipped']);
const DEPLOY_EVENTS = new Set([
  'implementing',
  'completed',
  'failed',
  'rolled_back',
  'emergency_implemented',
]);

const firstAt = (change: AuditChange, events: ReadonlySet<string>): number | null => {
  const times = change.history.entries
    .filter((entry) => entry.verdict === 'verified' && entry.event !== null && events.has(entry.event))
    .map((entry) => Date.parse(entry.at ?? ''));
  return times.length === 0 ? null : Math.min(...times);
};

const KINDS = {
  request: {
    requirement: 'the change is requested and documented before it is made',
    evidence:
      'the YAML change block as written in the pull request or issue (type, priority, impact, rollback and test plans), parsed, and whether it is the block the signed history recorded',
    where: ['/changes/*/request'],
    applies: () => true,
    shown: (change) => change.request.parse === 'valid' && change.request.matches_recorded !== false,
  },
  assessment: {
    requirement: 'the impact and risk are assessed and a rollback is planned',
    evidence: 'risk_level, affected_systems and rollback_plan of the change block',
    where: [
      '/changes/*/request/fields/risk_level',
      '/changes/*/request/fields/affected_systems',
      '/changes/*/request/fields/rollback_plan',
    ],
    applies: () => true,
    shown: (change) =>
      change.request.fields !== null &&
      ['risk_level', 'rollback_plan', 'affected_systems'].every(
        (field) => change.request.fields?.[field] !== undefined,
      ),
  },
  approval: {
    requirement: 'the change is authorised by the required roles before it is implemented',
    evidence:
      'approvals from signed history entries (who, role, the teams holding it, when, which commit and change block); for deployed changes, an approval recorded before the first deployment (emergency changes: retroactive approval)',
    where: ['/changes/*/approvals', '/changes/*/approved_sha'],
    applies: (change) => change.submitted_at !== null,
    shown: (change) => {
      const approved = firstAt(change, new Set(['approved']));
      const deployed = firstAt(change, DEPLOY_EVENTS);
      if (deployed === null) return change.approvals.length > 0;
      if (approved !== null && approved <= deployed) return true;
      return change.approvals.some((approval) => approval.event === 'retroactively_approved');
    },
  },
  testing: {
    requirement: 'the change is tested before it is implemented',
    evidence:
      'check runs and commit statuses on the approved commit (name, app, conclusion), read from GitHub at export time',
    where: ['/changes/*/checks'],
    applies: (change) => change.approved_sha !== null,
    shown: (change) =>
      change.checks.check_runs.length + change.checks.statuses.length > 0 &&
      change.checks.check_runs.every((run) => PASSING.has(run.conclusion ?? '')) &&
      change.checks.statuses.every((status) => status.state === 'success'),
  },
  implementation: {
    requirement: 'the implementation is controlled and recorded',
    evidence:
      'deployments (environment, commit, status, who) from GitHub, and the deployment events the signed history recorded',
    where: ['/changes/*/deployments', '/changes/*/recorded_deployments'],
    applies: (change) =>
      change.status !== null &&
      ['implementing', 'completed', 'failed', 'rolled_back'].includes(change.status),
    shown: (change) => change.recorded_deployments.length > 0,
  },
  trail: {
    requirement: 'an audit trail of the change is kept and cannot be altered unnoticed',
    evidence:
      "every history comment with its signature verdict and place in the chain, and the comments themselves, re-checked offline by 'change-gate audit verify' with the public key",
    where: ['/changes/*/history', '/changes/*/verdict', '/changes/*/findings'],
    applies: () => true,
    shown: (change) => change.verdict === 'verified',
  },
} satisfies Record<string, EvidenceKind>;

const itemOf = (kind: EvidenceKind, changes: readonly AuditChange[]): EvidenceItem => {
  const applicable = changes.filter((change) => kind.applies(change));
  const notShown = applicable.filter((change) => !kind.shown(change)).map((change) => change.change_id);
  const shown = applicable.length - notShown.length;
  return {
    requirement: kind.requirement,
    evidence: kind.evidence,
    where: kind.where,
    applicable: applicable.length,
    shown,
    not_shown: notShown,
    shows: `${shown} of ${applicable.length} change${applicable.length === 1 ? '' : 's'} show it${notShown.length > 0 ? `; not: ${notShown.join(', ')}` : ''}`,
  };
};

/**
 * The index of the export: SOC 2 CC8.1 (the procedure names CC7, System Operations) and ISO/IEC 27001:2022
 * Annex A 8.32 (A.12.1.2 in the 2013 edition; the procedure names A.12.1), each with the evidence the export
 * holds for it, where it is, and which changes do not show it. Pure.
 */
export const controlIndex = (changes: readonly AuditChange[]): ControlEvidence[] => [
  {
    framework: 'SOC 2 (AICPA Trust Services Criteria, 2017, revised points of focus 2022)',
    control: 'CC8.1',
    title: 'Change management',
    also_known_as: ['CC7 (System Operations), as the change-management procedure names it'],
    statement:
      'The entity authorizes, designs, develops or acquires, configures, documents, tests, approves, and implements changes to infrastructure, data, software, and procedures to meet its objectives.',
    evidence: [KINDS.request, KINDS.approval, KINDS.testing, KINDS.implementation, KINDS.trail].map((kind) =>
      itemOf(kind, changes),
    ),
  },
  {
    framework: 'ISO/IEC 27001:2022 Annex A',
    control: 'A.8.32',
    title: 'Change management',
    also_known_as: [
      'A.12.1.2 Change management (ISO/IEC 27001:2013)',
      'A.12.1 (Operational procedures and responsibilities), as the change-management procedure names it',
    ],
    statement:
      'Changes to information processing facilities and information systems are subject to change management procedures.',
    evidence: [
      KINDS.request,
      KINDS.assessment,
      KINDS.approval,
      KINDS.testing,
      KINDS.implementation,
      KINDS.trail,
    ].map((kind) => itemOf(kind, changes)),
  },
];
