import type { WaitingRunListings } from '../use-cases/waiting-runs.ts';

/** How often the sweep lists a repository's waiting runs from GitHub besides the ones it knows of. */
export const WAITING_RUN_LISTING_INTERVAL_MS = 10 * 60_000;

/**
 * This process's schedule of those listings: the first sweep of a repository after the start lists (what
 * waited before the start is found), then one per interval. Bounded: the oldest repository is forgotten
 * first (then listed again at its next release).
 */
export const createWaitingRunListings = (
  options: { intervalMs?: number; capacity?: number; now?: () => number } = {},
): WaitingRunListings => {
  const intervalMs = options.intervalMs ?? WAITING_RUN_LISTING_INTERVAL_MS;
  const capacity = options.capacity ?? 10_000;
  const now = options.now ?? Date.now;
  const listedAt = new Map<string, number>();
  return {
    due(repository) {
      const last = listedAt.get(repository);
      const at = now();
      if (last !== undefined && at - last < intervalMs) return false;
      listedAt.delete(repository);
      listedAt.set(repository, at);
      if (listedAt.size > capacity) listedAt.delete(listedAt.keys().next().value as string);
      return true;
    },
  };
};
