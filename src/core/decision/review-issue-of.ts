import { parseChange } from '../change-request/parse-change.ts';
import type { EmergencyLoop } from '../emergency/emergency-loop.ts';
import { type ReviewIssuePlan, reviewIssuePlan } from '../emergency/review-issue.ts';
import type { EvaluationContext } from './evaluation-context.ts';

/** The review issue to open for a change whose emergency loop is open. */
export const reviewIssueOf = (
  context: Pick<EvaluationContext, 'facts' | 'policy' | 'changeId'>,
  loop: Pick<EmergencyLoop, 'confirmedBy' | 'deadline' | 'reviewDue'>,
): ReviewIssuePlan => {
  const parsed = parseChange(context.facts.body, { changeTypes: context.policy.change_types });
  const form = parsed.status === 'valid' ? parsed.change.form : null;
  return reviewIssuePlan({
    number: context.facts.number,
    changeId: context.changeId,
    title: form?.title ?? context.facts.title,
    emergencyReason: form?.emergency_reason ?? null,
    confirmedBy: loop.confirmedBy,
    deadline: loop.deadline,
    reviewDue: loop.reviewDue,
  });
};
