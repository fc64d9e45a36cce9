/** How an implementation ended, as the procedure's `complete` call names it. */
export type CompletionOutcome = 'completed' | 'failed' | 'rolled_back';

export const COMPLETION_OUTCOMES: readonly CompletionOutcome[] = ['completed', 'failed', 'rolled_back'];

/** A move of an issue-based change through its implementation: what `/implement` and `/complete` ask for. */
export type LifecycleMove = { kind: 'implement' } | { kind: 'complete'; outcome: CompletionOutcome };

/**
 * A lifecycle command found at the top of a comment: the move and its note, or why it cannot be read
 * (`problem`, e.g. an outcome word Change Gate does not know).
 */
export type LifecycleCommand =
  | { ok: true; move: LifecycleMove; note: string }
  | { ok: false; verb: 'implement' | 'complete'; problem: string };
