import type { RequiredRole } from '../approval/approval-input.ts';
import type { ApprovalOutcome } from '../approval/approval-outcome.ts';
import { approvalStatus } from '../approval/approval-status.ts';
import { evaluateApprovals } from '../approval/evaluate-approvals.ts';
import { matchPreApproved } from '../approval/match-pre-approved.ts';
import type { Change } from '../change-request/change.ts';
import type { CompletenessItem } from '../change-request/check-completeness.ts';
import { maintenanceRequestOf } from '../deploy/maintenance-request.ts';
import { blockTimeline } from '../history/block-timeline.ts';
import type { DraftEntry } from '../history/draft-entry.ts';
import type { PreApprovedEntry } from '../policy/policy.ts';
import { requiredRoles } from '../policy/required-roles.ts';
import { resolveApprovalLevel } from '../policy/resolve-approval-level.ts';
import { roleHolders } from '../policy/role-holders.ts';
import { blockEvidence } from '../steps/proven-evidence.ts';
import { riskOf } from '../steps/risk-of.ts';
import { evaluateTesting, type TestingOutcome } from '../testing/evaluate-testing.ts';
import { testingRequired } from '../testing/testing-required.ts';
import { codeSpan, escapeMarkdown } from '../text/escape-markdown.ts';
import type { Problem } from '../validation/problem.ts';
import { apiVotesOf } from './api-votes-of.ts';
import type { AsMerged } from './as-merged.ts';
import { CHANGE_STATUS_TEXT, type ChangeStatus } from './change-status.ts';
import type { Decision } from './decision.ts';
import { emergencyGoAhead, goAheadCheck } from './emergency-go-ahead.ts';
import { escalationOf } from './escalation-of.ts';
import {
  checkFor,
  closedReason,
  draft,
  type EvaluationContext,
  finishDecision,
} from './evaluation-context.ts';
import { headEpochOf } from './head-epoch-of.ts';
import { isClosedStatus } from './recorded-state.ts';
import { renderChangeView } from './render-change-view.ts';
import { renderMaintenanceNote } from './render-maintenance-note.ts';
import { separationOfDuties } from './separation-of-duties.ts';

/** A valid, complete change request: submitted, approved, rejected or waiting, and what to record. */
export const evaluateValidChange = (
  context: EvaluationContext,
  options: {
    change: Change;
    completeness: CompletenessItem[];
    warnings: Problem[];
    /** A change merged before it was approved: decided on the block as merged (see evaluateMergedChange). */
    asMerged?: AsMerged;
  },
): Decision => {
  const { facts, policy, recorded, input } = context;
  const { change, asMerged } = options;
  const level = resolveApprovalLevel(policy, change);
  const emergency = asMerged?.emergency ?? level.name === 'emergency';
  const roleNames = [...new Set([...requiredRoles(policy, change), ...(asMerged?.roles ?? [])])];
  const hash = asMerged?.blockHash ?? change.block.hash;
  const now = input.now.toISOString();
  const active = recorded.status !== null && !isClosedStatus(recorded.status);
  const history: DraftEntry[] = [];

  if (context.closedUnmerged) {
    if (active) {
      history.push(
        draft(context, { event: 'cancelled', data: { reason: closedReason(context) }, blockHash: hash }),
      );
    }
    const status = active ? 'cancelled' : recorded.status;
    return finishDecision(context, {
      status,
      emergency,
      headline: `${status ? CHANGE_STATUS_TEXT[status] : 'Closed'} — ${context.changeId}`,
      check: null,
      history,
      level,
      deadline: null,
      approval: null,
      body: `${closedReason(context)}.`,
    });
  }

  // 1. Submission and edits: the block hash over time binds approvals to what was reviewed.
  let blockSince = recorded.blockSince;
  if (!active) {
    blockSince = now;
    history.push(
      draft(context, {
        event: 'submitted',
        blockHash: hash,
        data: {
          title: change.form.title,
          change_type: change.type,
          classification: change.classification,
          priority: change.priority,
          urgency: change.urgency,
          level: level.name,
          required_roles: roleNames,
          deadline: deadlineOf(now, level.timeoutMs),
          risk_level: riskOf(change),
        },
      }),
    );
  } else if (recorded.blockHash !== hash) {
    blockSince = now;
    history.push(
      draft(context, {
        event: 'invalidated',
        blockHash: hash,
        data: {
          from: recorded.blockHash ?? null,
          to: hash,
          valid: true,
          reason: 'the change block was edited: earlier approvals no longer count',
          level: level.name,
          required_roles: roleNames,
          risk_level: riskOf(change),
        },
      }),
    );
  }
  const timeline = blockTimeline(input.history.entries);
  if (timeline.at(-1)?.hash !== hash) timeline.push({ at: now, hash });
  const deadline = blockSince ? deadlineOf(blockSince, level.timeoutMs) : null;

  // 2. Who approved, what the catalogue allows, whether the tests passed.
  const roles: RequiredRole[] = roleNames.map((name) => ({ name, holders: roleHolders(policy, name) }));
  const approval = evaluateApprovals({
    roles,
    teamMembers: facts.teamMembers,
    author: facts.author,
    ...separationOfDuties(policy, facts),
    reviews: facts.reviews,
    comments: facts.comments,
    apiVotes: apiVotesOf(input.history.entries),
    headSha: facts.headSha,
    headEpoch: headEpochOf(facts, context.head),
    blockHash: hash,
    blockTimeline: timeline,
    recordedRejections: recorded.rejections,
    countFrom: context.tamper.countFrom,
    rules: policy.approvals,
  });
  const preApproved = asMerged?.edited
    ? { entry: null, reasons: ['the description was edited after the merge'] }
    : matchPreApproved({ entries: policy.pre_approved, change, changedFiles: facts.changedFiles });
  const requiresTesting = testingRequired(policy, change).required || asMerged?.requiresTesting === true;
  const testing = evaluateTesting({
    testing: policy.testing,
    change,
    checkRuns: facts.checkRuns,
    statuses: facts.statuses,
    requiresTesting,
    headSha: facts.headSha,
    ownCheckName: policy.check_name,
  });
  const status: ChangeStatus = approvalStatus({ approval, preApproved, testsPassed: testing.ok });

  // 3. Record transitions the history does not show yet.
  const prior = history.length > 0 ? 'pending_approval' : recorded.status;
  // Each rejection is recorded once: the record, not the review or comment, is what keeps it standing.
  const fresh = approval.rejections.filter((rejection) => !rejection.recorded);
  if (status === 'approved' && prior !== 'approved') {
    history.push(approvedEntry(context, { hash, approval, preApproved: preApproved.entry }));
  } else if (status === 'rejected' && (prior !== 'rejected' || fresh.length > 0)) {
    history.push({
      ...draft(context, {
        event: 'rejected',
        blockHash: hash,
        data: {
          reason: approval.rejections
            .map((rejection) => `${rejection.login}: ${rejection.reason}`)
            .join('; '),
          rejected_by: approval.rejections.map((rejection) => rejection.login),
          rejections: fresh.map(({ login, roles, at, via, reason }) => ({ login, roles, at, via, reason })),
        },
      }),
      // The person who rejected, whoever's event let the app notice (a re-created entry names them too).
      actor: (fresh.at(-1) ?? approval.rejections.at(-1))?.login ?? context.input.actor,
    });
  } else if (status === 'pending_approval' && prior === 'approved') {
    history.push(
      draft(context, {
        event: 'approval_voided',
        blockHash: hash,
        data: { reason: voidReason(approval, testing) },
      }),
    );
  }

  // Emergency changes may go first once confirmed (see emergencyGoAhead); the status stays pending approval.
  const goAhead = emergencyGoAhead(context, {
    change,
    emergency,
    level,
    status,
    testsPassed: testing.ok,
    hash,
    timeline,
  });
  history.push(...(goAhead?.history ?? []));

  // 4. Past the deadline: escalate once per elapsed period.
  const escalation = escalationOf(context, {
    level,
    timeout: { text: level.approval_timeout, ms: level.timeoutMs },
    deadline,
    pending: status === 'pending_approval',
    blockHash: hash,
  });
  history.push(...escalation.entries);

  // 5. Show it.
  const view = renderChangeView({
    context,
    change,
    level,
    roleNames,
    deadline,
    approval,
    testing,
    status,
    options,
  });
  const preApprovedLine = preApproved.entry
    ? `\n\nApproved by policy: pre-approved catalogue entry ${codeSpan(preApproved.entry.id)} (${escapeMarkdown(preApproved.entry.description)}).`
    : '';
  const maintenance = maintenanceRequestOf(change.form);
  const maintenanceLine = maintenance
    ? `\n\n${renderMaintenanceNote({ request: maintenance, windows: policy.maintenance_windows, now: input.now })}`
    : '';
  const overdueLine = escalation.note ? `\n\n${escalation.note}` : '';
  const summary = [`${view.summary}${overdueLine}${preApprovedLine}${maintenanceLine}`, goAhead?.section]
    .filter(Boolean)
    .join('\n\n');
  const title = goAhead?.title ?? view.title;
  return finishDecision(context, {
    goAhead: goAhead?.title != null,
    status,
    emergency,
    maintenance,
    headline: title,
    check: checkFor(
      context,
      {
        externalId: context.changeId,
        ...goAheadCheck(view.check, goAhead),
        title,
        summary,
        text: view.text,
      },
      { merged: asMerged !== undefined },
    ),
    history,
    level,
    deadline,
    approval,
    body: summary,
    evidence: blockEvidence({ change, testing: { required: requiresTesting, ok: testing.ok } }),
    overdue: escalation.overdue,
    nextDueAt: escalation.nextDueAt,
  });
};

const deadlineOf = (since: string, timeoutMs: number): string =>
  new Date(Date.parse(since) + timeoutMs).toISOString();

const approvedEntry = (
  context: EvaluationContext,
  options: { hash: string; approval: ApprovalOutcome; preApproved: PreApprovedEntry | null },
): DraftEntry => {
  const approvers = Object.fromEntries(
    options.approval.roles.map((role) => [role.role, role.approvedBy.map((approval) => approval.login)]),
  );
  // The approver whose approval completed it, whoever's event let the app notice.
  const last = options.approval.roles
    .flatMap((role) => role.approvedBy)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .at(-1);
  return {
    ...draft(context, {
      event: 'approved',
      blockHash: options.hash,
      data: {
        approvers,
        conditions: options.approval.conditions,
        ...(options.preApproved ? { pre_approved: options.preApproved.id } : {}),
      },
    }),
    actor: last?.login ?? context.input.actor,
  };
};

const voidReason = (approval: ApprovalOutcome, testing: TestingOutcome): string => {
  const stale = approval.ignored.find(
    (ignored) => ignored.reason === 'stale_sha' || ignored.reason === 'stale_block',
  );
  if (stale) return stale.detail;
  if (!testing.ok) return testing.messages.join('; ');
  return 'an approval was withdrawn';
};
