import type { VerifiedEntry } from './verified-entry.ts';

/** From `at` on, the change block had hash `hash`. */
export interface BlockHashPoint {
  at: string;
  hash: string;
}

/**
 * The change-block hash over time, from the verified entries that record one (`block_hash` not null):
 * ordered by time (posting order among equal times), one point per change of hash. Used to tell which
 * block an approval given at some time was looking at.
 */
export const blockTimeline = (entries: ReadonlyArray<Pick<VerifiedEntry, 'entry'>>): BlockHashPoint[] => {
  const recorded = entries
    .map(({ entry }, order) => ({ at: entry.at, time: Date.parse(entry.at), hash: entry.block_hash, order }))
    .filter(
      (point): point is typeof point & { hash: string } => point.hash !== null && !Number.isNaN(point.time),
    )
    .sort((a, b) => a.time - b.time || a.order - b.order);
  const timeline: BlockHashPoint[] = [];
  for (const point of recorded) {
    if (timeline.at(-1)?.hash !== point.hash) timeline.push({ at: point.at, hash: point.hash });
  }
  return timeline;
};
