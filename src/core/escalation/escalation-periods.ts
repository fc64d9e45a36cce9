/**
 * The escalation periods of an overdue deadline. Period k (k ≥ 1) falls due at
 * `deadline + (k − 1) × timeout`: period 1 at the deadline itself, period 2 one timeout later, and so on.
 * A change 3 periods late (now ≥ deadline + 2 × timeout) has exactly 3 escalations.
 */
export interface PeriodClock {
  /** ISO time the approval (or review) was due. */
  deadline: string;
  /** The level's `approval_timeout`: the length of one period. */
  timeoutMs: number;
  now: Date;
}

/** At most this many missed periods are written by one evaluation (nothing ran for a while): the latest ones. */
export const MAX_CATCH_UP = 3;

/** How many periods have fallen due by `now` (0 before the deadline). */
export const periodsElapsed = (clock: PeriodClock): number => {
  const late = clock.now.getTime() - Date.parse(clock.deadline);
  if (Number.isNaN(late) || late < 0 || !(clock.timeoutMs > 0)) return 0;
  return Math.floor(late / clock.timeoutMs) + 1;
};

/** When period `k` falls due. */
export const periodDueAt = (clock: Omit<PeriodClock, 'now'>, k: number): string =>
  new Date(Date.parse(clock.deadline) + (k - 1) * clock.timeoutMs).toISOString();

/**
 * The periods to escalate now, given the highest period already recorded: every elapsed period not
 * recorded yet, but at most the latest MAX_CATCH_UP of them (a week of hourly periods missed while nothing
 * ran is three escalations, not 168). Empty when the history is up to date.
 */
export const periodsToEscalate = (clock: PeriodClock & { recorded: number }): number[] => {
  const elapsed = periodsElapsed(clock);
  const from = Math.max(clock.recorded + 1, elapsed - MAX_CATCH_UP + 1);
  return Array.from({ length: Math.max(0, elapsed - from + 1) }, (_, index) => from + index);
};

/** When the next escalation falls due, once the periods up to now are recorded. */
export const nextEscalationAt = (clock: PeriodClock & { recorded: number }): string | null => {
  if (!(clock.timeoutMs > 0) || Number.isNaN(Date.parse(clock.deadline))) return null;
  return periodDueAt(clock, Math.max(periodsElapsed(clock), clock.recorded) + 1);
};
