/**
 * Start slots for GitHub requests that must be spaced (writes 1 s apart, searches 2 s, notifying writes 3 s):
 * `reserve` books the next free slot of a key and says how long to wait for it. Slots are handed out in the
 * order they are asked for, so waiting callers keep their order.
 */
export interface RequestSpacing {
  /** Books the next slot of `key` (the slot after it starts `intervalMs` later); milliseconds until it. */
  reserve(key: string, intervalMs: number): Promise<number>;
}

/** Keys whose slot is long past are forgotten past this many (one key per installation and group). */
const PRUNE_ABOVE = 10_000;

/** This process's own slots (what one replica uses alone, and every replica while Redis is down). */
export const createLocalSpacing = (options: { nowMs?: () => number } = {}): RequestSpacing => {
  const nowMs = options.nowMs ?? Date.now;
  const nextFree = new Map<string, number>();
  return {
    async reserve(key, intervalMs) {
      const now = nowMs();
      if (nextFree.size > PRUNE_ABOVE) {
        for (const [stale, free] of nextFree) if (free < now) nextFree.delete(stale);
      }
      const start = Math.max(now, nextFree.get(key) ?? 0);
      nextFree.set(key, start + intervalMs);
      return start - now;
    },
  };
};
