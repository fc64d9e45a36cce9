import type { CompletionOutcome } from '../core/lifecycle/lifecycle-command.ts';
import { type MoveChangeOptions, type MoveChangeResult, moveChange } from './move-change.ts';

/**
 * Ends the implementation of a change (`/complete`, the REST API's complete): `completed` (with its
 * `next_review` date), `failed` or `rolled_back`, by the actor, who needs write access. Only an
 * implementing change completes; refused, with the reason class, otherwise.
 */
export const completeChange = (
  options: MoveChangeOptions & { outcome: CompletionOutcome },
): Promise<MoveChangeResult> => {
  const { outcome, ...rest } = options;
  return moveChange({ ...rest, move: { kind: 'complete', outcome } });
};
