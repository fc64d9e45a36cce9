import { CHANGE_STATUS_TEXT, type ChangeStatus } from '../decision/change-status.ts';
import type { RecordedState } from '../decision/recorded-state.ts';
import type { LifecycleMove } from './lifecycle-command.ts';

/** Where a move takes a change, or why it cannot go there from where it stands. */
export type LifecycleTransition =
  | { ok: true; to: 'implementing' | 'completed' | 'failed' | 'rolled_back' }
  | { ok: false; message: string };

/**
 * Whether implementation may start from `status`: an approved change. The seam for deploy-first emergency
 * issue changes: one `emergencyGoAhead` lets through (confirmed by `/emergency`) is to be allowed here too,
 * and its move then recorded as `emergency_implemented` with the loop's data (as `emergencyDeploymentEntry`
 * does for deployments), not `implementing`; both need the evaluation to hand the go-ahead to the move.
 */
export const mayStartImplementing = (options: {
  status: ChangeStatus | null;
  recorded: Pick<RecordedState, 'emergency' | 'last'>;
}): boolean => options.status === 'approved';

/**
 * The one rule for moves by command (and by the REST API): `implement` only from `approved`, `complete`
 * (any outcome) only from `implementing`. `status` is where the evaluation says the change stands now.
 */
export const lifecycleTransition = (options: {
  status: ChangeStatus | null;
  recorded: Pick<RecordedState, 'emergency' | 'last'>;
  move: LifecycleMove;
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
        ? `not approved yet: ${where}`
        : `only an approved change can start implementing: it is ${where}`,
    };
  }
  if (status === 'implementing') return { ok: true, to: move.outcome };
  return { ok: false, message: `not implementing: it is ${where}; \`/implement\` starts the implementation` };
};
