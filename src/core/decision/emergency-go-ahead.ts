import type { BlockTimelineEntry, RequiredRole } from '../approval/approval-input.ts';
import type { Change } from '../change-request/change.ts';
import { type EmergencyConfirmation, emergencyConfirmation } from '../emergency/emergency-confirmation.ts';
import type { DraftEntry } from '../history/draft-entry.ts';
import type { ResolvedLevel } from '../policy/resolve-approval-level.ts';
import { roleHolders } from '../policy/role-holders.ts';
import { escapeMarkdown, mention } from '../text/escape-markdown.ts';
import type { ChangeStatus } from './change-status.ts';
import type { CheckRunPlan } from './check-run-plan.ts';
import { draft, type EvaluationContext } from './evaluation-context.ts';
import { headEpochOf } from './head-epoch-of.ts';
import { separationOfDuties } from './separation-of-duties.ts';

/** What the emergency rule adds to the evaluation of a valid emergency change. */
export interface EmergencyGoAhead {
  /** The change may merge and deploy before approval: the check passes with this title. */
  title: string | null;
  /** The check summary's emergency section: confirmation, what is owed, refused confirmations. */
  section: string;
  history: DraftEntry[];
  confirmation: EmergencyConfirmation | null;
}

/**
 * Deploy first (the procedure's Emergency Change Process): a valid emergency change still waiting for its
 * approval may merge and deploy once a holder of one of the emergency level's roles other than the author
 * (and not a commit author) confirms it with `/emergency`, or at once when `emergency.require_confirmation`
 * is false. A rejection, failed or missing required tests, or an approved change are left as they are. The
 * confirmation is recorded once per head commit and block (`emergency_confirmed`, by the confirmer).
 * Seam for `/implement` on issue changes: an issue change this lets through (`title` set) may be implemented
 * before approval; the transition rules should accept `/implement` for it, and the deployment of a confirmed
 * emergency change is recorded as `emergency_implemented` (emergencyDeploymentEntry), not `implementing`.
 */
export const emergencyGoAhead = (
  context: EvaluationContext,
  options: {
    change: Change;
    /** Whether the change is an emergency change (as merged, for a change merged before approval). */
    emergency: boolean;
    level: ResolvedLevel;
    status: ChangeStatus;
    testsPassed: boolean;
    hash: string;
    timeline: BlockTimelineEntry[];
  },
): EmergencyGoAhead | null => {
  const { policy, facts, input } = context;
  // Both: a description edited after the merge never makes a change an emergency one (evaluateMergedChange).
  if (!options.emergency || options.level.name !== 'emergency') return null;
  if (options.status !== 'pending_approval') return null;
  const roles: RequiredRole[] = options.level.approvers.map((name) => ({
    name,
    holders: roleHolders(policy, name),
  }));
  const owed = owedLines(context, options.level);
  const roleList = options.level.approvers.map((role) => escapeMarkdown(role)).join(', ');
  if (!policy.emergency.require_confirmation) {
    return {
      title: options.testsPassed
        ? `Emergency change — deploys before approval (no confirmation required); retroactive approval owed (${context.changeId})`
        : null,
      section: section([
        '`emergency.require_confirmation` is false: this emergency change may merge and deploy before approval without a confirmation.',
        ...owed,
      ]),
      history: [],
      confirmation: null,
    };
  }
  const confirmation = emergencyConfirmation({
    roles,
    teamMembers: facts.teamMembers,
    author: facts.author,
    ...separationOfDuties(policy, facts),
    countFrom: context.tamper.countFrom,
    comments: facts.comments,
    headSha: facts.headSha,
    headEpoch: headEpochOf(facts, context.head),
    blockHash: options.hash,
    blockTimeline: options.timeline,
  });
  const refused = confirmation.refused.map((line) => `- not counted: ${escapeMarkdown(line, 500)}`);
  const by = confirmation.confirmedBy;
  if (by === null || !options.testsPassed) {
    return {
      title: null,
      section: section([
        by === null
          ? `To deploy before approval, a holder of an emergency role (${roleList}) other than the author comments \`/emergency\` on the current head and change block.`
          : `Confirmed by ${mention(by.login)}, but the required tests have not passed: the change may not deploy before they do.`,
        ...refused,
        ...owed,
      ]),
      history: [],
      confirmation,
    };
  }
  const recorded = input.history.entries.some(
    ({ entry }) =>
      entry.event === 'emergency_confirmed' &&
      entry.head_sha === facts.headSha &&
      entry.block_hash === options.hash,
  );
  const history: DraftEntry[] = recorded
    ? []
    : [
        {
          ...draft(context, {
            event: 'emergency_confirmed',
            blockHash: options.hash,
            data: {
              roles: by.roles,
              comment_id: by.commentId,
              confirmed_at: by.at,
              reason: options.change.form.emergency_reason ?? null,
            },
          }),
          actor: by.login,
        },
      ];
  return {
    title: `Emergency change confirmed by @${by.login} — retroactive approval owed (${context.changeId})`,
    section: section([
      `Confirmed by ${mention(by.login)} (\`/emergency\`, ${by.at}): it may merge and deploy before approval.`,
      ...refused,
      ...owed,
    ]),
    history,
    confirmation,
  };
};

/** The check of a change the emergency rule lets through: success, so the merge and deploy gates pass. */
export const goAheadCheck = (
  check: Pick<CheckRunPlan, 'status' | 'conclusion'>,
  goAhead: EmergencyGoAhead | null,
): Pick<CheckRunPlan, 'status' | 'conclusion'> =>
  goAhead?.title ? { status: 'completed', conclusion: 'success' } : check;

const section = (lines: string[]): string => ['### Emergency change', ...lines].join('\n\n');

const owedLines = (context: EvaluationContext, level: ResolvedLevel): string[] => {
  const window = context.policy.emergency.retroactive_approval_within ?? level.approval_timeout;
  return [
    `Owed after an emergency deploy: retroactive approval by ${level.approvers.map((role) => escapeMarkdown(role)).join(', ')} within ${escapeMarkdown(window)} of the deployment (the deployer and the author never count), and a post-implementation review issue, which the app opens. The change is completed only when both are in.`,
  ];
};
