import { deletableDuplicates } from '../history/deletable-duplicates.ts';
import type { DraftEntry } from '../history/draft-entry.ts';
import { type HistoryTamper, historyTamper } from '../history/history-tamper.ts';
import type { ChangeHistoryRead } from '../history/read-history.ts';
import { repositoryBinding } from '../history/repository-binding.ts';
import type { PolicyLoad } from '../policy/load-policy.ts';
import type { Policy } from '../policy/policy.ts';
import { chainHeadOf } from './chain-head-of.ts';
import type { ChangeFacts } from './change-facts.ts';
import { changeIdOf } from './change-id.ts';
import type { ChangeStatus } from './change-status.ts';
import type { CheckRunPlan } from './check-run-plan.ts';
import type { Decision } from './decision.ts';
import { desiredLabels } from './desired-labels.ts';
import { earliestDue } from './due-marker.ts';
import { headRecordOf } from './head-record-of.ts';
import type { HeadRecord } from './head-records-marker.ts';
import { type RecordedState, recordedState } from './recorded-state.ts';
import { STATUS_COMMENT_MARKER } from './status-comment-marker.ts';
import { teamRetryDue } from './team-retry-due.ts';
import { withRequester } from './with-requester.ts';

export interface EvaluateChangeInput {
  facts: ChangeFacts;
  /** The policy as `loadPolicy` read it; a config that cannot be read at all is an invalid load. */
  policy: PolicyLoad;
  history: ChangeHistoryRead;
  app: { id: number; botLogin: string };
  /** Who caused this evaluation (the webhook's sender): the actor of the entries it records. */
  actor: string;
  now: Date;
  /** The edit of a comment this evaluation answers (`issue_comment.edited`): ticks in the task list, by `actor`. */
  commentEdit?: CommentEdit;
}

/** One comment edit as GitHub reported it: which comment, its body before (`changes.body.from`) and after. */
export interface CommentEdit {
  commentId: number;
  before: string;
  after: string;
}

/** What every step of one evaluation shares. */
export interface EvaluationContext {
  input: EvaluateChangeInput;
  facts: ChangeFacts;
  policy: Policy;
  changeId: string;
  recorded: RecordedState;
  /** Since when the PR's head is its head, as the app saw it (null for an issue): kept in our check run. */
  head: HeadRecord | null;
  /** Whether the history was deleted, edited or cut off, and from when approvals count again. */
  tamper: HistoryTamper;
  /** A PR closed without merging, or a closed issue. */
  closedUnmerged: boolean;
}

export const evaluationContext = (input: EvaluateChangeInput, policy: Policy): EvaluationContext => ({
  input,
  facts: withRequester(input.facts, input.history.entries, input.app.botLogin),
  policy,
  changeId: changeIdOf(input.facts),
  recorded: recordedState(input.history.entries),
  head: headRecordOf({ facts: input.facts, app: input.app, checkName: policy.check_name }),
  tamper: historyTamper({
    read: input.history,
    head: chainHeadOf(input.facts, input.app),
    now: input.now.toISOString(),
  }),
  closedUnmerged: input.facts.state === 'closed' && !input.facts.merged,
});

/** A history entry of this change, caused by this evaluation's actor. */
export const draft = (
  context: EvaluationContext,
  options: Pick<DraftEntry, 'event' | 'data'> & { blockHash?: string | null },
): DraftEntry => ({
  event: options.event,
  change_id: context.changeId,
  actor: context.input.actor,
  head_sha: context.facts.headSha,
  block_hash: options.blockHash ?? null,
  // Bound to its repository and number: copied to another change, it is foreign there (readHistory).
  data: {
    ...repositoryBinding(context.facts),
    number: context.facts.number,
    ...options.data,
  },
});

export { STATUS_COMMENT_MARKER } from './status-comment-marker.ts';

/** Completes a decision with what follows from the status: labels, the issue status comment, clean-up. */
export const finishDecision = (
  context: Pick<EvaluationContext, 'input' | 'facts' | 'policy'> & { changeId: string | null },
  partial: Omit<Decision, 'labels' | 'statusComment' | 'duplicateComments' | 'changeId'> & {
    /** Markdown for the issue status comment (issue-based changes). */
    body: string;
  },
): Decision => {
  const { body, ...rest } = partial;
  const { facts } = context;
  const status: ChangeStatus | null = partial.status;
  return {
    ...rest,
    changeId: status === null ? null : context.changeId,
    // Status labels are outputs: without a status, any the PR carries (added by hand) are removed.
    labels: desiredLabels({
      current: facts.labels,
      status,
      emergency: status !== null && partial.emergency,
      overdue: status !== null && partial.overdue === true,
    }),
    statusComment:
      facts.kind === 'issue' && status !== null
        ? `${STATUS_COMMENT_MARKER}\n### Change Gate: ${partial.headline}\n\n${body}`
        : null,
    duplicateComments: deletableDuplicates(context.input.history, facts.comments),
    // A team that could not be read counts nobody: the change is due again soon, for the sweep to retry it.
    nextDueAt: earliestDue([
      partial.nextDueAt,
      teamRetryDue({
        facts,
        approval: partial.approval,
        app: context.input.app,
        checkName: context.policy.check_name,
        now: context.input.now,
      }),
    ]),
  };
};

/**
 * The check run for an open PR; none for issues and closed PRs, except (`merged`) a change merged before it
 * was approved: its check on the merged head follows its approval (GitHub lets us update it).
 */
export const checkFor = (
  context: Pick<EvaluationContext, 'facts' | 'policy'>,
  run: Omit<CheckRunPlan, 'name' | 'headSha'>,
  options: { merged?: boolean } = {},
): CheckRunPlan | null => {
  const { facts } = context;
  const open = facts.state === 'open' || (options.merged === true && facts.merged);
  if (facts.kind !== 'pull_request' || !open || !facts.headSha) return null;
  return { name: context.policy.check_name, headSha: facts.headSha, ...run };
};

export const closedReason = (context: Pick<EvaluationContext, 'facts'>): string =>
  context.facts.kind === 'pull_request'
    ? 'the pull request was closed without merging'
    : 'the issue was closed';
