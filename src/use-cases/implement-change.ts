import { type MoveChangeOptions, type MoveChangeResult, moveChange } from './move-change.ts';

/**
 * Starts implementing an approved change (`/implement`, the REST API's implement): one `implementing`
 * entry by the actor, who needs write access. Refused, with the reason class, otherwise.
 */
export const implementChange = (options: MoveChangeOptions): Promise<MoveChangeResult> =>
  moveChange({ ...options, move: { kind: 'implement' } });
