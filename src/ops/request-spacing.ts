/**
 * Start slots for GitHub requests that must be paced, as a token bucket kept the GCRA way (generic cell rate
 * algorithm): one "theoretical arrival time" (`tat`) per key. A key has an interval T and a burst B; booking
 * gives the slot `s = max(now, tat − (B−1)·T)` and sets `tat = max(tat, s) + T`. So a quiet key's first B
 * requests go at once, the next one waits T, and the sustained rate stays one per T: in any window of W ms a
 * key starts fewer than B + W/T requests. Slots are handed out in the order they are asked for, so waiting
 * callers keep their order. A key whose `tat` has passed is a full bucket: it can be forgotten.
 */
export interface RequestSpacing {
  /**
   * Books the next slot of `key` (one per `intervalMs` sustained, `burst` of them at once for a quiet key;
   * default 1: every slot `intervalMs` after the last); milliseconds until it.
   */
  reserve(key: string, intervalMs: number, burst?: number): Promise<number>;
}

/** A booking: the slot's start and the key's new theoretical arrival time, both on the caller's clock. */
export interface GcraBooking {
  start: number;
  tat: number;
}

/**
 * One GCRA booking at `now` on a key whose theoretical arrival time is `tat` (0 or anything past: a full
 * bucket). Pure, so that the Redis script (src/redis/redis-request-spacing.ts) is this, line for line.
 */
export const bookGcraSlot = (options: {
  now: number;
  tat: number;
  intervalMs: number;
  burst: number;
}): GcraBooking => {
  const { now, tat, intervalMs } = options;
  const burst = Math.max(1, Math.floor(options.burst));
  const start = Math.max(now, tat - (burst - 1) * intervalMs);
  return { start, tat: Math.max(tat, start) + intervalMs };
};

/** Keys whose `tat` has passed are forgotten past this many (one key per installation and group). */
const PRUNE_ABOVE = 10_000;

/** This process's own buckets (what one replica uses alone, and every replica while Redis is down). */
export const createLocalSpacing = (options: { nowMs?: () => number } = {}): RequestSpacing => {
  const nowMs = options.nowMs ?? Date.now;
  const tats = new Map<string, number>();
  return {
    async reserve(key, intervalMs, burst = 1) {
      const now = nowMs();
      if (tats.size > PRUNE_ABOVE) {
        for (const [stale, tat] of tats) if (tat <= now) tats.delete(stale);
      }
      const booking = bookGcraSlot({ now, tat: tats.get(key) ?? 0, intervalMs, burst });
      tats.set(key, booking.tat);
      return booking.start - now;
    },
  };
};
