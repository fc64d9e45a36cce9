import { CHANGE_STATUS_TEXT, type ChangeStatus } from '../decision/change-status.ts';
import type { RecordedState } from '../decision/recorded-state.ts';
import type { LifecycleMove } from './lifecycle-command.ts';

/** Where a move takes a change, or why it cannot go there from where it stands. */
export type LifecycleTransition =
  | { ok: true; to: 'implementing' | 'completed' | 'failed' | 'rolled_back' }
  | { ok: false; message: string };

/**
 * Whether implementation may start from `status`: an approved change, or an emergency change still pending
 * approval that the evaluation lets go first (`goAhead`: confirmed by `/emergency`, see emergencyGoAhead);
 * decideLifecycleMove records that start as `emergency_implemented`, which owes retroactive approval.
 */
export const mayStartImplementing = (options: {
  status: ChangeStatus | null;
  recorded: Pick<RecordedState, 'emergency' | 'last'>;
  goAhead?: boolean;
}): boolean =>
  options.status === 'approved' || (options.status === 'pending_approval' && options.goAhead === true);

/**
 * The one rule for moves by command (and by the REST API): `implement` only from `approved` (or a confirmed
 * emergency change pending approval), `complete`
 * (any outcome) only from `implementing`. `status` is where the evaluation says the change stands now.
 */
export const lifecycleTransition = (options: {
  status: ChangeStatus | null;
  recorded: Pick<RecordedState, 'emergency' | 'last'>;
  move: LifecycleMove;
  /** The evaluation lets a confirmed emergency change go first (see mayStartImplementing). */
  goAhead?: boolean;
}): LifecycleTransition => {
  const { status, move } = options;
  const where = status === null ? 'not a change request' : CHANGE_STATUS_TEXT[status].toLowerCase();
  if (move.kind === 'implement') {
    if (mayStartImplementing(options)) return { ok: true, to: 'implementing' };
    if (status === 'implementing') return { ok: false, message: 'already implementing' };
    const before = status === 'pending_approval' || status === 'invalid';
    return {
      ok: false,
      message: before
        ? `not approved yet: ${where}${options.recorded.emergency ? ' (an emergency change may start once an emergency approver confirms it with `/emergency`)' : ''}`
        : `only an approved change can start implementing: it is ${where}`,
    };
  }
  if (status === 'implementing') return { ok: true, to: move.outcome };
  return { ok: false, message: `not implementing: it is ${where}; \`/implement\` starts the implementation` };
};
