/**
 * Where a move came from, recorded in its entry (`data.via`): a comment command (its comment id makes a
 * redelivered webhook a no-op) or the REST API.
 */
export type LifecycleMoveSource = { via: 'command'; commentId: number } | { via: 'api' };

/** Why a move was refused, as a class a door can map (a reply comment, an HTTP status). */
export type MoveRefusalReason = 'not_found' | 'not_allowed' | 'invalid_transition';

export interface MoveRefusal {
  reason: MoveRefusalReason;
  /** One line a person reads: what stands in the way. */
  message: string;
}
