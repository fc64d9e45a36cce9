import type { BlockTimelineEntry } from './approval-input.ts';

/**
 * The block hash(es) recorded at the latest timeline time not after `time`: [] when `time` precedes the
 * whole timeline, null when the timeline (or `time`) is unreadable. Several entries at the same instant
 * are all returned, so an approval binds only if none of them differ: the timeline's order is not trusted.
 */
export function blockHashesAt(timeline: BlockTimelineEntry[], time: number): string[] | null {
  if (Number.isNaN(time)) return null;
  let best = Number.NEGATIVE_INFINITY;
  let hashes: string[] = [];
  for (const entry of timeline) {
    const at = Date.parse(entry.at);
    if (Number.isNaN(at) || typeof entry.hash !== 'string') return null;
    if (at > time || at < best) continue;
    if (at > best) {
      best = at;
      hashes = [];
    }
    hashes.push(entry.hash);
  }
  return hashes;
}
