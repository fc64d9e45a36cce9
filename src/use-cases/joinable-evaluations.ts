import type { PolicyLoad } from '../core/policy/load-policy.ts';

/** Whether an event can change the result under the policy the evaluation read (reconcileChange's `onlyWhen`). */
export type EventMatters = (policy: PolicyLoad) => boolean;

/** What the evaluation that answers every joiner is given. */
export interface SharedEvaluation {
  /** True when any joiner's event can change the result (a joiner without a condition always can). */
  onlyWhen: EventMatters;
  /**
   * Called when the evaluation starts reading GitHub (its lock taken), before it reads: no event joins it
   * after that.
   */
  onReading: () => void;
}

/**
 * How an event's evaluation was settled:
 * - `led`: its own evaluation ran (`result` is its outcome, a failure included);
 * - `joined`: it shares the outcome of an evaluation queued before it (its condition, or its owner's, made it
 *   wait for that outcome);
 * - `covered`: an evaluation of its key that evaluates whatever the policy says (its owner's event has no
 *   condition) is queued and has not begun reading, so it takes this event into account; its owner's delivery
 *   waits for it and fails (or is retried) when it fails, and any redo re-reads everything. This event need not
 *   wait: `result` settles later, for logging only.
 */
export interface JoinOutcome<T> {
  role: 'led' | 'joined' | 'covered';
  result: Promise<T>;
}

/**
 * Per-change single flight for events whose whole work is "re-read change X and evaluate it": an event
 * arriving while an evaluation of the same key is queued (not reading yet) is answered by that evaluation;
 * one arriving once it reads starts (or joins) the next. Every event is thus answered by an evaluation that
 * began reading after the event arrived, as if it had run its own. Within one process only: an event is never
 * covered by an evaluation queued in another replica, whose crash would lose it (replicas take turns on the
 * lock anyway).
 */
export interface JoinableEvaluations {
  run<T>(options: {
    /** Everything the evaluation depends on besides GitHub's state (installation, change, actor). */
    key: string;
    /** This event's condition; absent = it always evaluates. */
    onlyWhen?: EventMatters;
    evaluate: (shared: SharedEvaluation) => Promise<T>;
  }): JoinOutcome<T>;
}

interface Queued {
  conditions: (EventMatters | null)[];
  /** The condition of the event that queued it (its owner): null = it evaluates whatever the policy. */
  ownerEvaluatesAlways: boolean;
  result: Promise<unknown>;
}

/** This process's joinable evaluations: a map from key to the evaluation queued for it, if any. */
export const createJoinableEvaluations = (): JoinableEvaluations => {
  const queued = new Map<string, Queued>();
  const joinHere = <T>(key: string, condition: EventMatters | null): JoinOutcome<T> | null => {
    const waiting = queued.get(key);
    if (!waiting) return null;
    waiting.conditions.push(condition);
    // A redo of the owner (a retry, a redelivery) re-evaluates only under the owner's condition: an event
    // is covered without waiting only when that condition cannot skip the evaluation.
    const result = waiting.result as Promise<T>;
    return waiting.ownerEvaluatesAlways ? { role: 'covered', result } : { role: 'joined', result };
  };
  return {
    run<T>(options: Parameters<JoinableEvaluations['run']>[0]): JoinOutcome<T> {
      const { key } = options;
      const condition = options.onlyWhen ?? null;
      const here = joinHere<T>(key, condition);
      if (here) return here;

      const entry: Queued = {
        conditions: [condition],
        ownerEvaluatesAlways: condition === null,
        result: Promise.resolve(),
      };
      queued.set(key, entry);
      const close = () => {
        if (queued.get(key) === entry) queued.delete(key);
      };
      const result = (async () => {
        try {
          return await options.evaluate({
            onlyWhen: (policy) => entry.conditions.some((matters) => matters === null || matters(policy)),
            onReading: close,
          });
        } finally {
          // Failed or returned without reading (e.g. the lock timed out): the next event starts afresh.
          close();
        }
      })();
      entry.result = result;
      return { role: 'led', result: result as Promise<T> };
    },
  };
};
