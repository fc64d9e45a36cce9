/**
 * A point in the order Redis executed commands in (its clock: microseconds, strictly increasing), as a
 * decimal string: when an evaluation began reading.
 */
export type ReadStart = string;

/** What `mark` found: whether an evaluation of the key queued in some replica has not begun reading. */
export interface MarkedChange {
  /** True: an evaluation of the key that evaluates whatever the policy is queued somewhere and not reading. */
  queuedSomewhere: boolean;
  /** This event's mark (its tick on the same clock as read starts). */
  tick: ReadStart;
  /** True when the change was not dirty before: this event's is the only mark it holds. */
  fresh: boolean;
  /**
   * The queued mark this event set under `key`, in the same step as its dirty mark, because it asked to
   * (`claim`) and none was there: the token of the evaluation it is to lead, passed on to `queue`. Null when
   * it did not set one. Set at once, so that an event in another replica marking just after is covered by this
   * one's evaluation instead of queueing a second (two events a round trip apart each found none before).
   */
  claimed: string | null;
}

/** An evaluation queued in this process, as the other replicas see it. */
export interface QueuedEvaluation {
  /**
   * Called once the evaluation holds the change's lock, before it reads: takes its queued mark down and tells
   * when it began reading (null when Redis could not say: the evaluation then clears no dirty mark).
   */
  reading(): Promise<ReadStart | null>;
}

/**
 * Durable covering across replicas: the changes whose events have arrived and were not yet taken into account
 * by a successful evaluation that began reading after them ("dirty"), and the evaluations queued in each
 * replica. An event marks its change dirty before it is answered; an evaluation clears the mark only if it
 * began reading after the newest event's mark and succeeded; the heal round re-evaluates marks left older than
 * a grace period (the replica owning the covering evaluation died, or a process crashed with the event in
 * flight). Without Redis (one process, or Redis unreachable), nothing is marked: `mark` returns null.
 */
export interface DirtyChanges {
  /**
   * Marks change `member` dirty now (the command is sent before this returns, so it is ordered before any
   * command this process sends later) and tells whether an evaluation queued under `key` (the join key)
   * covers it; null when it was not recorded, or not known to be (Redis away, or no answer): the event then
   * relies on no other replica.
   */
  mark(member: string, key: string, options?: { claim?: boolean }): Promise<MarkedChange | null> | null;
  /**
   * An evaluation of `key` queued here; `visible`: others may be covered by it (its owner evaluates whatever
   * the policy), so a fresh queued mark is set (not awaited) until it begins reading or expires; `claimed`: the
   * one its owner's `mark` set, taken over instead.
   */
  queue(key: string, options: { visible: boolean; claimed?: string | null }): QueuedEvaluation;
  /** Takes down the queued mark `token` that `mark` set under `key`, when no evaluation of this event's uses it. */
  unclaim(key: string, token: string): void;
  /** After an evaluation that began reading at `start` succeeded: drops the mark of `member` unless newer. */
  clear(member: string, start: ReadStart): Promise<boolean>;
  /**
   * After an event's own evaluation found that it cannot change the result (nothing evaluated): drops the mark
   * of `member` only if it is still exactly this event's (`tick`), which it marked `fresh`: no other event
   * marked the change before it (uncleared) or since. Otherwise the mark waits for an evaluation or the heal.
   */
  clearOwn(member: string, tick: ReadStart): Promise<boolean>;
  /**
   * The members marked (or pushed back to, `retryLater`) longer ago than `olderThanMs`, the oldest first, at
   * most `limit`.
   */
  stale(options: { olderThanMs: number; limit: number }): Promise<string[]>;
  /** Drops the marks whose newest event is older than the maximum age (a day), at most `limit`: returns them. */
  expire(options: { limit: number }): Promise<string[]>;
  /**
   * After the heal round failed to evaluate `member`: pushes its mark back (never earlier: the compare of
   * `clear` only gets stricter) by a delay that doubles with each failure in a row, from `firstDelayMs` up to
   * `maxDelayMs`, so that failing changes stop holding the oldest places; drops it once its oldest unhealed
   * event is older than the maximum age.
   */
  retryLater(member: string, options: { firstDelayMs: number; maxDelayMs: number }): Promise<HealRetry>;
  /**
   * Drops the mark of a change found gone (deleted, transferred, its repository or installation gone) by an
   * evaluation that began reading at `start` (null: it failed before reading), unless an event marked it since.
   */
  forget(member: string, start: ReadStart | null): Promise<boolean>;
}

/** What `retryLater` did with a mark. */
export type HealRetry =
  /** Pushed back: tried again after `delayMs` (plus the grace); `failures` in a row so far. */
  | { outcome: 'later'; failures: number; delayMs: number }
  /** Dropped: its oldest unhealed event is older than the maximum age. */
  | { outcome: 'expired'; failures: number }
  /** Cleared meanwhile (an evaluation succeeded): nothing to retry. */
  | { outcome: 'cleared' }
  /** Not recorded (Redis away): the mark stays as it was. */
  | { outcome: 'kept' };

/** One process alone, or no Redis: nothing is marked, no evaluation is seen elsewhere, nothing heals. */
export const noDirtyChanges: DirtyChanges = {
  mark: () => null,
  queue: () => ({ reading: async () => null }),
  unclaim: () => undefined,
  clear: async () => false,
  clearOwn: async () => false,
  stale: async () => [],
  expire: async () => [],
  retryLater: async () => ({ outcome: 'kept' }),
  forget: async () => false,
};
