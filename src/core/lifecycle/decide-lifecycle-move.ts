import type { ChangeFacts } from '../decision/change-facts.ts';
import { CHANGE_STATUS_TEXT, type ChangeStatus } from '../decision/change-status.ts';
import { type Decision, decisionWithoutWrites } from '../decision/decision.ts';
import { desiredLabels } from '../decision/desired-labels.ts';
import { emergencyStartData } from '../decision/emergency-deployment-entry.ts';
import { STATUS_COMMENT_MARKER } from '../decision/evaluation-context.ts';
import { implementationBody } from '../decision/implementation-body.ts';
import { recordedState } from '../decision/recorded-state.ts';
import type { DraftEntry } from '../history/draft-entry.ts';
import type { HistoryEntry } from '../history/history-entry.ts';
import { repositoryBinding } from '../history/repository-binding.ts';
import type { VerifiedEntry } from '../history/verified-entry.ts';
import type { PolicyLoad } from '../policy/load-policy.ts';
import { hasWriteAccess, type RepositoryPermission } from './has-write-access.ts';
import type { LifecycleMove } from './lifecycle-command.ts';
import type { LifecycleMoveSource, MoveRefusal } from './lifecycle-move-source.ts';
import { lifecycleTransition } from './lifecycle-transition.ts';
import { nextReviewDate } from './next-review-date.ts';

export interface DecideLifecycleMoveInput {
  facts: Pick<ChangeFacts, 'kind' | 'owner' | 'repo' | 'number' | 'labels' | 'headSha'>;
  policy: PolicyLoad;
  /** Where the change evaluation says the change stands now, and its ID (null: not a change request). */
  evaluated: { changeId: string | null; status: ChangeStatus | null; goAhead?: boolean };
  /** Verified history the evaluation was taken on. */
  entries: readonly VerifiedEntry[];
  move: LifecycleMove;
  note: string;
  actor: string;
  /** The actor's permission on the repository, as GitHub reports it. */
  permission: RepositoryPermission;
  source: LifecycleMoveSource;
  now: Date;
}

/** What a move comes to: refused (nothing is written), already recorded (a repeat), or the writes to make. */
export type LifecycleMovePlan =
  | { kind: 'refused'; refusal: MoveRefusal; status: ChangeStatus | null }
  | { kind: 'already_recorded'; status: ChangeStatus; changeId: string; entry: HistoryEntry }
  | {
      kind: 'move';
      status: ChangeStatus;
      changeId: string;
      decision: Decision;
      data: Record<string, unknown>;
    };

/**
 * Decides one move of a change by a person (pure): `/implement`, `/complete` and the REST API's implement and
 * complete. In order: a command already recorded is a repeat; only issue-based change requests move this
 * way (deployments move a pull request's change); only people with write access may move them; the move
 * must be allowed from where the change stands (`lifecycleTransition`). An accepted move is one history
 * entry (actor, `via`, note, and for a completion the `next_review` date), the status label and the status
 * comment that follow; the change evaluation shows the same once it reads the entry.
 */
export const decideLifecycleMove = (input: DecideLifecycleMoveInput): LifecycleMovePlan => {
  const { facts, evaluated, source } = input;
  const refused = (reason: MoveRefusal['reason'], message: string): LifecycleMovePlan => ({
    kind: 'refused',
    refusal: { reason, message },
    status: evaluated.status,
  });
  const repeat = source.via === 'command' ? recordedBy(input.entries, source.commentId) : null;
  if (repeat !== null && evaluated.changeId !== null) {
    const status = repeat.event === 'emergency_implemented' ? 'implementing' : repeat.event;
    return { kind: 'already_recorded', status, changeId: evaluated.changeId, entry: repeat };
  }
  if (input.policy.status === 'invalid') {
    return refused('invalid_transition', 'the change-management configuration is invalid: fix it first');
  }
  if (facts.kind === 'pull_request') {
    return refused(
      'invalid_transition',
      "deployments move a pull request's change (implementing, completed, failed, rolled back): these commands are for issue-based changes",
    );
  }
  if (evaluated.changeId === null || evaluated.status === null) {
    return refused('not_found', 'this issue is not a change request');
  }
  if (!hasWriteAccess(input.permission)) {
    return refused(
      'not_allowed',
      `needs write access to ${facts.owner}/${facts.repo} (the permission is ${input.permission})`,
    );
  }
  const recorded = recordedState(input.entries);
  const transition = lifecycleTransition({
    status: evaluated.status,
    recorded,
    move: input.move,
    goAhead: evaluated.goAhead === true,
  });
  if (!transition.ok) return refused('invalid_transition', transition.message);
  // Before approval, only a confirmed emergency change starts: recorded as the emergency path records it.
  const emergencyStart =
    transition.to === 'implementing' &&
    evaluated.status === 'pending_approval' &&
    input.policy.status === 'valid'
      ? emergencyStartData({
          entries: input.entries,
          policy: input.policy.policy,
          at: input.now.toISOString(),
          deployer: input.actor,
        })
      : null;

  const status = transition.to;
  const data: Record<string, unknown> = {
    ...repositoryBinding(facts),
    number: facts.number,
    via: source.via,
    ...(source.via === 'command' ? { comment_id: source.commentId } : {}),
    ...(input.note.trim() === '' ? {} : { note: input.note }),
    ...(status === 'completed'
      ? { next_review: nextReviewDate({ completedAt: input.now, reviewAfter: reviewAfterOf(input.policy) }) }
      : {}),
    ...emergencyStart,
  };
  const entry: DraftEntry = {
    event: emergencyStart ? 'emergency_implemented' : status,
    change_id: evaluated.changeId,
    actor: input.actor,
    head_sha: facts.headSha,
    block_hash: recorded.blockHash ?? null,
    data,
    // A redelivered command (same comment) keys the same; a retried API call follows a different entry.
    occurrence: { via: source.via, comment_id: source.via === 'command' ? source.commentId : null },
  };
  const text = CHANGE_STATUS_TEXT[status];
  const decision: Decision = {
    ...decisionWithoutWrites({
      changeId: evaluated.changeId,
      status,
      emergency: recorded.emergency || emergencyStart !== null,
      headline: `${evaluated.changeId}: ${text.toLowerCase()} (by @${input.actor})`,
    }),
    labels: desiredLabels({
      current: facts.labels,
      status,
      emergency: recorded.emergency || emergencyStart !== null,
    }),
    history: [entry],
    // What the change evaluation writes for this status (evaluate-change.ts, frozen), so neither rewrites the other.
    statusComment: `${STATUS_COMMENT_MARKER}\n### Change Gate: ${text}\n\n${implementationBody({ status, data })}`,
  };
  return { kind: 'move', status, changeId: evaluated.changeId, decision, data };
};

type MoveEntry = HistoryEntry & {
  event: 'implementing' | 'emergency_implemented' | 'completed' | 'failed' | 'rolled_back';
};

/** The entry a command comment already wrote, when it is in the history. */
const recordedBy = (entries: readonly VerifiedEntry[], commentId: number): MoveEntry | null => {
  const found = entries.find(
    ({ entry }) => entry.data.via === 'command' && entry.data.comment_id === commentId,
  )?.entry;
  return found && MOVE_EVENTS.has(found.event) ? (found as MoveEntry) : null;
};

const MOVE_EVENTS: ReadonlySet<string> = new Set([
  'implementing',
  'emergency_implemented',
  'completed',
  'failed',
  'rolled_back',
]);

const reviewAfterOf = (policy: PolicyLoad): string =>
  policy.status === 'valid' ? policy.policy.review_after : '30d';
