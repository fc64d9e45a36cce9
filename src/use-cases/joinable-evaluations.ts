import type { PolicyLoad } from '../core/policy/load-policy.ts';
import { type DirtyChanges, type MarkedChange, noDirtyChanges, type ReadStart } from './dirty-changes.ts';

/** Whether an event can change the result under the policy the evaluation read (reconcileChange's `onlyWhen`). */
export type EventMatters = (policy: PolicyLoad) => boolean;

/** What the evaluation that answers every joiner is given. */
export interface SharedEvaluation {
  /** True when any joiner's event can change the result (a joiner without a condition always can). */
  onlyWhen: EventMatters;
  /**
   * Awaited when the evaluation starts reading GitHub (its lock taken), before it reads: no event joins it
   * after that (here or in another replica).
   */
  onReading: () => Promise<void>;
  /**
   * Called when the evaluation's last round ran without the replicas' shared lock held throughout
   * (reconcileChange's onUnsettled): a replica holding the lock may still write what it read before, so its
   * success clears no dirty mark, and the heal round evaluates the change again (after the holder, behind the
   * lock).
   */
  unsettled: () => void;
}

/**
 * How an event's evaluation was settled:
 * - `led`: its own evaluation ran (`result` is its outcome, a failure included);
 * - `joined`: it shares the outcome of an evaluation queued before it (its condition, or its owner's, made it
 *   wait for that outcome);
 * - `covered`: an evaluation of its key that evaluates whatever the policy says (its owner's event has no
 *   condition) is queued and has not begun reading, so it takes this event into account; its owner's delivery
 *   waits for it and fails (or is retried) when it fails, and any redo re-reads everything. This event need not
 *   wait: `result` settles later, for logging only; null when the evaluation is queued in another replica.
 *   With Redis the event's change was marked dirty first, so that if the owner dies the heal round evaluates it.
 *   (In another replica the queued mark may also stand for an evaluation about to be queued there by the event
 *   that claimed it, or, until that event gives it back, for none: the dirty mark answers for this event
 *   either way.)
 *
 * `recorded` (led or joined): the event's dirty mark was written (Redis, with the heal round on) before the
 * evaluation that settles it began reading. The mark stays until an evaluation that began reading after it
 * succeeds, and the heal round evaluates the change when none does (this one failed, or its process died), so
 * the event's delivery can be answered at once, while its handler still waits for `result` (and retries).
 */
export type JoinOutcome<T> =
  | { role: 'led' | 'joined'; result: Promise<T>; recorded: boolean }
  | { role: 'covered'; result: Promise<T> | null };

/**
 * Per-change single flight for events whose whole work is "re-read change X and evaluate it": an event
 * arriving while an evaluation of the same key is queued (not reading yet) is answered by that evaluation;
 * one arriving once it reads starts (or joins) the next. Every event is thus answered by an evaluation that
 * began reading after the event arrived, as if it had run its own.
 *
 * Across replicas (`dirty`, on Redis), an event first marks its key dirty, and is covered by an evaluation
 * queued in another replica on the same terms. Covering there is durable: the mark stays until an evaluation
 * that began reading after it succeeds, and marks left behind (a dead owner) are re-evaluated by the heal
 * round. An event is never made to wait for another replica's evaluation (replicas take turns on the lock).
 */
export interface JoinableEvaluations {
  run<T>(options: {
    /** Everything the evaluation depends on besides GitHub's state (installation, change). */
    key: string;
    /** The change as the dirty marks name it (dirtyChangeKey); absent = not marked (nothing to heal it by). */
    dirtyKey?: string;
    /** This event's condition; absent = it always evaluates. */
    onlyWhen?: EventMatters;
    evaluate: (shared: SharedEvaluation) => Promise<T>;
  }): Promise<JoinOutcome<T>>;
}

interface Queued {
  conditions: (EventMatters | null)[];
  /** The condition of the event that queued it (its owner): null = it evaluates whatever the policy. */
  ownerEvaluatesAlways: boolean;
  result: Promise<unknown>;
}

/** This process's joinable evaluations: a map from key to the evaluation queued for it, if any. */
export const createJoinableEvaluations = (
  options: {
    dirty?: DirtyChanges;
    /** Told when a dirty mark could not be cleared after a successful evaluation (the heal round redoes it). */
    onClearFailed?: (key: string, error: unknown) => void;
  } = {},
): JoinableEvaluations => {
  const dirty = options.dirty ?? noDirtyChanges;
  const queued = new Map<string, Queued>();
  /** Joins the evaluation queued here for `key`, if any; `recorded` as this event's mark turned out. */
  const joinHere = <T>(
    key: string,
    condition: EventMatters | null,
    recorded = false,
  ): JoinOutcome<T> | null => {
    const waiting = queued.get(key);
    if (!waiting) return null;
    waiting.conditions.push(condition);
    // A redo of the owner (a retry, a redelivery) re-evaluates only under the owner's condition: an event
    // is covered without waiting only when that condition cannot skip the evaluation.
    const result = waiting.result as Promise<T>;
    return waiting.ownerEvaluatesAlways ? { role: 'covered', result } : { role: 'joined', result, recorded };
  };
  const lead = <T>(
    run: Parameters<JoinableEvaluations['run']>[0],
    condition: EventMatters | null,
    /** The leading event's own mark, if it made one. */
    own: MarkedChange | null,
  ) => {
    const { key } = run;
    const entry: Queued = {
      conditions: [condition],
      ownerEvaluatesAlways: condition === null,
      result: Promise.resolve(),
    };
    queued.set(key, entry);
    const mark = dirty.queue(key, { visible: entry.ownerEvaluatesAlways, claimed: own?.claimed ?? null });
    let start: ReadStart | null = null;
    // Whether it evaluated (not skipped by every joiner's condition): only then does it answer for the events
    // covered by it (their marks).
    let evaluated = true;
    let settled = true;
    const close = () => {
      if (queued.get(key) === entry) queued.delete(key);
    };
    const result = (async () => {
      try {
        const value = await run.evaluate({
          onlyWhen: (policy) => {
            const matters = entry.conditions.some((each) => each === null || each(policy));
            if (!matters) evaluated = false;
            return matters;
          },
          onReading: async () => {
            close();
            start = await mark.reading();
          },
          unsettled: () => {
            settled = false;
          },
        });
        const readFrom = start;
        const member = run.dirtyKey;
        const failed = (error: unknown) => options.onClearFailed?.(member ?? key, error);
        if (member !== undefined && evaluated && readFrom !== null && settled) {
          dirty.clear(member, readFrom).catch(failed);
        } else if (member !== undefined && !evaluated && own?.fresh) {
          // Its own event could not change the result: that event is handled, and so is the mark if it is
          // still its own alone (an event covered elsewhere would have marked it before or since).
          dirty.clearOwn(member, own.tick).catch(failed);
        }
        return value;
      } finally {
        // Failed or returned without reading (e.g. the lock timed out): the next event starts afresh, and the
        // dirty marks stay for the owner's redo or the heal round.
        close();
      }
    })();
    entry.result = result;
    return { role: 'led' as const, result: result as Promise<T>, recorded: own !== null };
  };
  return {
    async run<T>(options: Parameters<JoinableEvaluations['run']>[0]): Promise<JoinOutcome<T>> {
      const { key } = options;
      const condition = options.onlyWhen ?? null;
      const here = joinHere<T>(key, condition);
      // Sent now, so before the reading of the evaluation joined here (it has not begun: it is still queued):
      // that evaluation's success clears the mark; should this process die first, the mark stays.
      // Joining here, it claims nothing; else, evaluating whatever the policy, it claims the queued mark of the
      // evaluation it would lead (MarkedChange.claimed).
      const marking =
        options.dirtyKey === undefined
          ? null
          : dirty.mark(options.dirtyKey, key, { claim: here === null && condition === null });
      if (here) {
        const recorded = (await marking) !== null;
        return here.role === 'covered' ? here : { ...here, recorded };
      }
      if (marking === null) return lead<T>(options, condition, null);
      const marked = await marking;
      // An evaluation queued here meanwhile is joined as above (it reads after this event's mark was sent); the
      // queued mark this event claimed is not that evaluation's, so it is taken down.
      const hereNow = joinHere<T>(key, condition, marked !== null);
      if (hereNow) {
        if (marked?.claimed) dirty.unclaim(key, marked.claimed);
        return hereNow;
      }
      // Marked only by owners that evaluate whatever the policy: any condition of this event is covered.
      if (marked?.queuedSomewhere) return { role: 'covered', result: null };
      return lead<T>(options, condition, marked);
    },
  };
};
