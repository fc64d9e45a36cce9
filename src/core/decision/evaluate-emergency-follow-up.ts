import type { RequiredRole } from '../approval/approval-input.ts';
import type { ApprovalOutcome } from '../approval/approval-outcome.ts';
import { evaluateApprovals } from '../approval/evaluate-approvals.ts';
import { renderApprovalTable } from '../approval/render-approval-table.ts';
import { type EmergencyLoop, emergencyLoop, loopCompletes } from '../emergency/emergency-loop.ts';
import { type IssueFact, reviewClosureRefusal, reviewIssueLinkOf } from '../emergency/review-issue.ts';
import { blockTimeline } from '../history/block-timeline.ts';
import type { DraftEntry } from '../history/draft-entry.ts';
import { nextReviewDate } from '../lifecycle/next-review-date.ts';
import { roleHolders } from '../policy/role-holders.ts';
import { mention } from '../text/escape-markdown.ts';
import { apiVotesOf } from './api-votes-of.ts';
import { CHANGE_STATUS_TEXT } from './change-status.ts';
import type { Decision } from './decision.ts';
import { NO_ESCALATION } from './escalation-of.ts';
import { checkFor, draft, type EvaluationContext, finishDecision } from './evaluation-context.ts';
import { followUpEscalation } from './follow-up-escalation.ts';
import { headEpochOf } from './head-epoch-of.ts';
import { reviewIssueOf } from './review-issue-of.ts';
import { separationOfDuties } from './separation-of-duties.ts';

/**
 * An emergency change deployed before approval (`emergency_implemented`) owes two things before it is
 * completed: the retroactive approval by its recorded roles, where the deployer and the author never count
 * (recorded once as `retroactively_approved`), and its post-implementation review, done when someone other
 * than the change's author closes the review issue our app opened (`reviewed`, by who closed it; a closing
 * that does not count reopens the issue with the reason). `completed` follows once the production deploy
 * succeeded and both are in. Null when no such loop is open: the change is frozen as any implemented one.
 */
export const evaluateEmergencyFollowUp = (context: EvaluationContext): Decision | null => {
  const { recorded, facts, input } = context;
  if (recorded.status !== 'implementing' || !recorded.blockHash) return null;
  const loop = emergencyLoop(input.history.entries);
  if (loop === null || loop.completed) return null;

  const approval = retroactiveApproval(context, { loop, blockHash: recorded.blockHash });
  const history: DraftEntry[] = [];
  const state = { ...loop };
  if (!loop.retroactivelyApproved && approval.state === 'approved') {
    history.push(retroactivelyApprovedEntry(context, approval));
    state.retroactivelyApproved = true;
  }
  const issue = ownReviewIssue(context);
  let reopen: Decision['reopenReviewIssue'] = null;
  if (!loop.reviewed && issue?.state === 'closed') {
    const refusal = reviewClosureRefusal({ issue, changeAuthor: facts.author });
    if (refusal === null) {
      history.push({
        ...draft(context, {
          event: 'reviewed',
          blockHash: recorded.blockHash,
          data: { review_issue: issue.number, summary: `review issue #${issue.number} closed` },
        }),
        actor: issue.closedBy ?? input.actor,
      });
      state.reviewed = true;
    } else {
      reopen = {
        number: issue.number,
        comment: `Reopened by Change Gate: ${refusal}. The post-implementation review of this emergency change is still owed.`,
      };
    }
  }
  if (loopCompletes(state) && state.finished) {
    history.push(
      draft(context, {
        event: 'completed',
        blockHash: recorded.blockHash,
        data: {
          deployment_id: state.finished.data.deployment_id ?? null,
          environment: state.finished.data.environment ?? null,
          production: true,
          emergency: true,
          reason: 'deployed before approval, then approved retroactively and reviewed',
          next_review: nextReviewDate({ completedAt: input.now, reviewAfter: context.policy.review_after }),
        },
      }),
    );
  }
  const completed = history.some((entry) => entry.event === 'completed');
  // Past their deadlines, what is still owed is escalated once per period.
  const escalation = completed ? NO_ESCALATION : followUpEscalation(context, state);
  history.push(...escalation.entries);
  const owed = owedLines(context, { loop: state, approval, issue });
  const title = completed
    ? `${CHANGE_STATUS_TEXT.completed} — ${context.changeId}`
    : `Emergency change deployed — owes ${owed.short.join(' and ') || 'a successful production deploy'} (${context.changeId})`;
  const summary = [
    `### Emergency change deployed before approval`,
    ...owed.lines,
    ...(escalation.note ? [escalation.note] : []),
    renderApprovalTable(approval, { deadline: loop.deadline }),
  ].join('\n\n');
  const status = completed ? 'completed' : 'implementing';
  return {
    ...finishDecision(context, {
      status,
      emergency: true,
      headline: title,
      check: checkFor(
        context,
        {
          externalId: context.changeId,
          status: 'completed',
          conclusion: 'success',
          title,
          summary,
          text: '',
        },
        { merged: true },
      ),
      history,
      level: null,
      deadline: loop.deadline,
      approval,
      body: summary,
      overdue: escalation.overdue,
      nextDueAt: escalation.nextDueAt,
    }),
    reviewIssue: issue === null && loop.reviewIssue === null ? reviewIssueOf(context, loop) : null,
    reopenReviewIssue: reopen,
  };
};

const retroactiveApproval = (
  context: EvaluationContext,
  options: { loop: EmergencyLoop; blockHash: string },
): ApprovalOutcome => {
  const { policy, facts, recorded, input } = context;
  const roles: RequiredRole[] = recorded.requiredRoles.map((name) => ({
    name,
    holders: roleHolders(policy, name),
  }));
  const duties = separationOfDuties(policy, facts);
  return evaluateApprovals({
    roles,
    teamMembers: facts.teamMembers,
    author: facts.author,
    ...duties,
    excluded: [
      ...(duties.excluded ?? []),
      ...options.loop.deployers.map((login) => ({
        login,
        reason: 'deployed the emergency change, so they cannot approve it retroactively',
      })),
    ],
    reviews: facts.reviews,
    comments: facts.comments,
    apiVotes: apiVotesOf(input.history.entries),
    headSha: facts.headSha,
    headEpoch: headEpochOf(facts, context.head),
    blockHash: options.blockHash,
    blockTimeline: blockTimeline(input.history.entries),
    recordedRejections: recorded.rejections,
    countFrom: context.tamper.countFrom,
    rules: policy.approvals,
  });
};

const retroactivelyApprovedEntry = (context: EvaluationContext, approval: ApprovalOutcome): DraftEntry => {
  const approvers = Object.fromEntries(
    approval.roles.map((role) => [role.role, role.approvedBy.map((counted) => counted.login)]),
  );
  const last = approval.roles
    .flatMap((role) => role.approvedBy)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .at(-1);
  return {
    ...draft(context, {
      event: 'retroactively_approved',
      blockHash: context.recorded.blockHash ?? null,
      data: { approvers, conditions: approval.conditions },
    }),
    actor: last?.login ?? context.input.actor,
  };
};

/** The review issue GitHub shows, only when our bot opened it for this change. */
const ownReviewIssue = (context: EvaluationContext): IssueFact | null => {
  const issue = context.facts.reviewIssue ?? null;
  if (issue === null) return null;
  return reviewIssueLinkOf(issue, context.input.app.botLogin) === context.facts.number ? issue : null;
};

const owedLines = (
  context: EvaluationContext,
  options: { loop: EmergencyLoop; approval: ApprovalOutcome; issue: IssueFact | null },
): { short: string[]; lines: string[] } => {
  const { loop, approval, issue } = options;
  const short: string[] = [];
  const lines: string[] = [];
  const by = loop.confirmedBy ? `, confirmed by ${mention(loop.confirmedBy)}` : '';
  const deployers = loop.deployers.map((login) => mention(login)).join(', ');
  lines.push(`Deployed by ${deployers}${by}.`);
  if (loop.retroactivelyApproved) lines.push('- ✅ retroactive approval recorded');
  else {
    short.push('retroactive approval');
    const overdue =
      loop.deadline !== null && Date.parse(loop.deadline) < context.input.now.getTime()
        ? ' — **overdue**'
        : '';
    const missing = approval.roles
      .filter((role) => role.missing > 0)
      .map((role) => role.role)
      .join(', ');
    lines.push(
      `- ⏳ retroactive approval by ${missing || 'the required roles'}${loop.deadline ? `, due ${loop.deadline}` : ''}${overdue} (the deployer and the author never count)`,
    );
  }
  const where = issue ? `#${issue.number}` : loop.reviewIssue ? `#${loop.reviewIssue}` : 'not opened yet';
  if (loop.reviewed) lines.push(`- ✅ post-implementation review done (${where})`);
  else {
    short.push('post-implementation review');
    const due = loop.reviewDue ? `, due ${loop.reviewDue}` : '';
    lines.push(
      `- ⏳ post-implementation review${due}: close review issue ${where} when done (not by the change's author)`,
    );
  }
  if (loop.finished === null) {
    short.push('a successful production deploy');
    lines.push('- ⏳ the production deploy has not reported success yet');
  }
  return { short, lines };
};
