/**
 * How replicas see each other's queued evaluations (JoinableEvaluations): an evaluation queued in one replica
 * for a key, whose owner evaluates whatever the policy says, is marked until just before it begins reading;
 * an event of that key reaching another replica while the mark is set is covered by it (answered without
 * waiting), as a joiner in the owner's own replica is.
 */
export interface QueuedEvaluationMarks {
  /** Marks `key`; null when no mark was attempted (nothing to clear, no replica relies on it). */
  mark(key: string): QueuedMark | null;
  /**
   * True when some replica's mark of `key` is set: that evaluation begins reading after this answer. False
   * when it is not set or cannot be asked (the event is then evaluated here).
   */
  isMarked(key: string): Promise<boolean>;
}

export interface QueuedMark {
  /**
   * Removes the mark before its evaluation reads. Throws MarkNotClearedError when that is not certain: an
   * event might still be covered by a mark whose evaluation has begun reading, so the evaluation must not go on.
   */
  clear(): Promise<void>;
}

/** The mark of a queued evaluation could not be removed: the evaluation fails, and is handled again. */
export class MarkNotClearedError extends Error {
  constructor(key: string, cause: string) {
    super(`the mark of the evaluation queued for ${key} could not be removed (${cause})`);
    this.name = 'MarkNotClearedError';
  }
}

/** One process alone (no REDIS_URL): nothing is marked, nothing is seen. */
export const noMarks: QueuedEvaluationMarks = {
  mark: () => null,
  isMarked: async () => false,
};
