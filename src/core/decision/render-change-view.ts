import type { ApprovalOutcome } from '../approval/approval-outcome.ts';
import { renderApprovalTable } from '../approval/render-approval-table.ts';
import type { Change } from '../change-request/change.ts';
import type { CompletenessItem } from '../change-request/check-completeness.ts';
import type { resolveApprovalLevel } from '../policy/resolve-approval-level.ts';
import type { TestingOutcome } from '../testing/evaluate-testing.ts';
import { escapeMarkdown } from '../text/escape-markdown.ts';
import type { Problem } from '../validation/problem.ts';
import { CHANGE_STATUS_TEXT, type ChangeStatus } from './change-status.ts';
import type { EvaluationContext } from './evaluation-context.ts';
import { renderChangeSummary, renderCompleteness } from './render-change-summary.ts';
import { renderBlockProblems, renderHistoryProblems } from './render-problems.ts';

export interface ChangeViewOptions {
  context: EvaluationContext;
  change: Change;
  level: ReturnType<typeof resolveApprovalLevel>;
  roleNames: string[];
  deadline: string | null;
  approval: ApprovalOutcome;
  testing: TestingOutcome;
  status: ChangeStatus;
  options: { completeness: CompletenessItem[]; warnings: Problem[] };
}

/** What the check run shows for a valid change: title, summary (roles, approvals), text (criteria, tests, notes). */
export const renderChangeView = (view: ChangeViewOptions) => {
  const { context, approval, testing, status } = view;
  const satisfied = approval.roles.filter((role) => role.missing === 0).length;
  const testsFailed = testing.failed.length > 0;
  const title =
    status === 'pending_approval'
      ? testsFailed
        ? `Tests failed — ${context.changeId}`
        : approval.state === 'approved'
          ? `Waiting for tests — ${context.changeId}`
          : `${CHANGE_STATUS_TEXT.pending_approval} — ${context.changeId}: ${satisfied} of ${approval.roles.length} roles approved`
      : `${CHANGE_STATUS_TEXT[status]} — ${context.changeId}`;
  const summary = [
    renderChangeSummary({
      changeId: context.changeId,
      change: view.change,
      level: view.level,
      roles: view.roleNames,
      deadline: view.deadline,
    }),
    renderApprovalTable(approval, { deadline: view.deadline }),
  ].join('\n\n');
  const text = [
    renderCompleteness(view.options.completeness),
    ['### Testing', ...testing.messages.map((message) => `- ${escapeMarkdown(message, 500)}`)].join('\n'),
    view.options.warnings.length > 0
      ? `### Notes\n${renderBlockProblems({ problems: view.options.warnings, blockStartLine: view.change.block.startLine })}`
      : '',
    renderHistoryProblems(context.input.history.problems),
  ]
    .filter(Boolean)
    .join('\n\n');
  const check =
    status === 'approved'
      ? { status: 'completed' as const, conclusion: 'success' as const }
      : status === 'rejected' || testsFailed
        ? { status: 'completed' as const, conclusion: 'failure' as const }
        : { status: 'in_progress' as const, conclusion: null };
  return { title, summary, text, check };
};
