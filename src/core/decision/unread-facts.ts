import { codeSpan } from '../text/escape-markdown.ts';
import type { Decision } from './decision.ts';
import { checkFor, type EvaluationContext, finishDecision } from './evaluation-context.ts';

/**
 * The most comments, reviews or files the GitHub port reads of one pull request or issue. Past it the
 * evaluation refuses to decide: a `/reject`, a review or a history entry in an unread tail must never be
 * ignored, and reading without end would let anyone stall the app with a flood of comments.
 */
export const MAX_READ_ITEMS = 3000;

/**
 * The decision when GitHub held more than the port read (`facts.truncated`): the check fails ("too many
 * comments to evaluate safely") and the change is not approved, whatever the part that was read says; no
 * history is written (it may end in the unread tail). Without the change label only the files matter (the
 * scope may require a change for them). Null when everything that matters was read.
 */
export const unreadFacts = (context: EvaluationContext): Decision | null => {
  const { facts, policy, recorded, changeId } = context;
  const labeled = facts.labels.some((label) => label.toLowerCase() === policy.label.toLowerCase());
  const lists = (facts.truncated ?? []).filter(
    (list) => labeled || recorded.status !== null || list === 'files',
  );
  if (lists.length === 0) return null;
  const what = lists.map((list) => `too many ${list} to evaluate safely`).join('; ');
  const title = `${what.charAt(0).toUpperCase()}${what.slice(1)} — ${changeId}`;
  const noun = facts.kind === 'pull_request' ? 'pull request' : 'issue';
  const summary = [
    `**${what}.** This ${noun} has more ${lists.join(' and ')} than Change Gate reads (${MAX_READ_ITEMS} of each), and a \`/reject\`, a review or a history entry past them must never be missed: nothing is approved until every one of them can be read.`,
    `To fix it: delete what is not needed (spam, bot noise), or carry the change on in a new ${noun} with the ${codeSpan(policy.label)} label.`,
  ].join('\n\n');
  // Never approved on part of the evidence; a rejection or an invalid block stays what it was.
  const status = recorded.status === 'approved' ? 'pending_approval' : recorded.status;
  return {
    ...finishDecision(context, {
      status,
      emergency: false,
      headline: title,
      check: checkFor(context, {
        externalId: status === null ? '' : changeId,
        status: 'completed',
        conclusion: 'failure',
        title,
        summary,
        text: '',
      }),
      history: [],
      level: null,
      deadline: null,
      approval: null,
      body: summary,
    }),
    duplicateComments: [],
  };
};
