import type { EmergencyLoop } from '../emergency/emergency-loop.ts';
import { parseDuration } from '../text/parse-duration.ts';
import { combineEscalations, type Escalation, escalationOf, NO_ESCALATION } from './escalation-of.ts';
import type { EvaluationContext } from './evaluation-context.ts';

const EMERGENCY = { name: 'emergency' };

const windowOf = (text: string | undefined): { text: string; ms: number } | null => {
  if (!text) return null;
  try {
    return { text, ms: parseDuration(text) };
  } catch {
    return null;
  }
};

/**
 * What an emergency change deployed before approval still owes, escalated as an overdue approval is: the
 * retroactive approval past its deadline (periods of `emergency.retroactive_approval_within`, else the
 * emergency level's `approval_timeout`) and the post-implementation review past its due date (periods of
 * `emergency.post_implementation_review_within`), to the emergency level's escalation contacts.
 */
export const followUpEscalation = (context: EvaluationContext, loop: EmergencyLoop): Escalation => {
  const { policy, recorded } = context;
  const retroWindow = windowOf(
    policy.emergency.retroactive_approval_within ?? policy.approval_workflow.emergency?.approval_timeout,
  );
  const reviewWindow = windowOf(policy.emergency.post_implementation_review_within);
  return combineEscalations([
    retroWindow
      ? escalationOf(context, {
          kind: 'retroactive_approval',
          level: EMERGENCY,
          timeout: retroWindow,
          deadline: loop.deadline,
          pending: !loop.retroactivelyApproved,
          blockHash: recorded.blockHash ?? null,
        })
      : NO_ESCALATION,
    reviewWindow
      ? escalationOf(context, {
          kind: 'post_implementation_review',
          level: EMERGENCY,
          timeout: reviewWindow,
          deadline: loop.reviewDue,
          pending: !loop.reviewed,
          blockHash: recorded.blockHash ?? null,
        })
      : NO_ESCALATION,
  ]);
};
