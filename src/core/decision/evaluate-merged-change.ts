import { checkCompleteness } from '../change-request/check-completeness.ts';
import { parseChange } from '../change-request/parse-change.ts';
import { codeSpan } from '../text/escape-markdown.ts';
import type { Decision } from './decision.ts';
import { evaluateValidChange } from './evaluate-valid-change.ts';
import type { EvaluationContext } from './evaluation-context.ts';

/**
 * A change merged before it was approved (no branch protection, an admin merge) is pending, not frozen:
 * approvals given after the merge, on the merged head and the merged block, count, and its check on the
 * merged head, labels and history follow. It never becomes editable again: an edit of the description after
 * the merge is shown, not used to re-decide (approvals bind to the block hash recorded at the merge, the roles
 * recorded then still count, testing is required and the catalogue does not apply). Null when there is
 * nothing to decide: the change was approved, cancelled or invalid when merged, or its description no
 * longer holds a valid block (the record stays as it was).
 */
export const evaluateMergedChange = (context: EvaluationContext): Decision | null => {
  const { policy, facts, recorded } = context;
  if (recorded.status !== 'pending_approval' && recorded.status !== 'rejected') return null;
  if (!recorded.blockHash) return null;
  const parsed = parseChange(facts.body, { changeTypes: policy.change_types });
  if (parsed.status !== 'valid') return null;
  const completeness = checkCompleteness(policy, parsed.change);
  if (completeness.some((item) => !item.ok)) return null;
  const edited = parsed.change.block.hash !== recorded.blockHash;
  const decision = evaluateValidChange(context, {
    change: parsed.change,
    completeness,
    warnings: parsed.warnings,
    asMerged: {
      blockHash: recorded.blockHash,
      roles: recorded.requiredRoles,
      edited,
      requiresTesting: edited,
      emergency: recorded.emergency,
    },
  });
  if (!edited || !decision.check) return decision;
  const note = `The description was edited after the merge: the change is decided on the block as merged (${codeSpan(recorded.blockHash.slice(0, 23))}…), with the roles it needed then.`;
  return { ...decision, check: { ...decision.check, summary: `${decision.check.summary}\n\n${note}` } };
};
