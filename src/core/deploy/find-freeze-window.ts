import type { FreezeWindow } from '../policy/policy.ts';
import { readTimeWindow } from './read-time-window.ts';
import { TimeWindowError } from './time-window-error.ts';
import { windowOccurrences } from './window-occurrences.ts';

export interface ActiveFreeze {
  window: FreezeWindow;
  /** When deploys may resume: the end of this window, extended by any window that starts before it ends. */
  endsAt: Date;
}

/** Chained windows (every weekday 00:00–24:00, back-to-back one-offs) are followed at most this far. */
const MAX_CHAINED = 60;

/**
 * The freeze window in force at `at`, or null. Times are read in each window's IANA time zone, so DST
 * moves them with the local clock (see readTimeWindow for times that do not exist or happen twice). When
 * several windows are in force the one ending last is returned, and `endsAt` follows every window (the same
 * one on the next day, or another) that begins before the current one ends.
 * Throws TimeWindowError, naming the window, when one is malformed.
 */
export function findFreezeWindow(options: { windows: FreezeWindow[]; at: Date }): ActiveFreeze | null {
  const at = options.at.getTime();
  if (!Number.isFinite(at))
    throw new TimeWindowError('the time to check freeze windows at is not a valid date');
  const windows = Array.isArray(options.windows) ? options.windows : [];
  const reads = windows.map((window) => readTimeWindow({ window, kind: 'freeze' }));
  let found: { window: FreezeWindow; end: number } | null = null;
  for (const read of reads) {
    const interval = windowOccurrences.at({ read, at });
    if (interval && (!found || interval.end > found.end)) found = { window: read.window, end: interval.end };
  }
  if (!found) return null;
  let end = found.end;
  for (let step = 0; step < MAX_CHAINED; step++) {
    let next = end;
    for (const read of reads) {
      const interval = windowOccurrences.at({ read, at: end });
      if (interval && interval.end > next) next = interval.end;
    }
    if (next === end) break;
    end = next;
  }
  return { window: found.window, endsAt: new Date(end) };
}
