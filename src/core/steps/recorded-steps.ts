import type { HistoryEntry } from '../history/history-entry.ts';

/** Who ticked a step, when, and from which evidence (none: a person ticked it). */
export interface StepTick {
  actor: string;
  /** Null for a step the app shows ticked from evidence it derives again on every evaluation. */
  at: string | null;
  evidence: string | null;
}

/**
 * The steps the signed history shows as ticked (`step_completed` entries), by step id: the first tick
 * stands, since the history is append-only and a step is never unticked.
 */
export const recordedSteps = (entries: ReadonlyArray<{ entry: HistoryEntry }>): Map<string, StepTick> => {
  const ticks = new Map<string, StepTick>();
  for (const { entry } of entries) {
    if (entry.event !== 'step_completed' || typeof entry.data.step !== 'string') continue;
    if (ticks.has(entry.data.step)) continue;
    const evidence = typeof entry.data.evidence === 'string' ? entry.data.evidence : null;
    ticks.set(entry.data.step, { actor: entry.actor, at: entry.at, evidence });
  }
  return ticks;
};
