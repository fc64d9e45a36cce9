import type { Interval, ReadTimeWindow } from './read-time-window.ts';
import { NAIVE_DAY, naiveStartOfDay, naiveWeekday, toInstant, toNaive } from './zoned-time.ts';

/**
 * The occurrences of a checked window (see readTimeWindow) around an instant, in the window's IANA time zone,
 * so DST moves them with the local clock. Weekly local times that do not exist start or end at the jump;
 * times that happen twice give the earlier start and the later end.
 */
export const windowOccurrences = {
  /** The occurrence that contains `at` (start inclusive, end exclusive), or null. */
  at(options: { read: ReadTimeWindow; at: number }): Interval | null {
    const { read, at } = options;
    if ('oneOff' in read) return read.oneOff.start <= at && at < read.oneOff.end ? read.oneOff : null;
    const today = naiveStartOfDay(toNaive({ instant: at, timeZone: read.window.timezone }));
    // Yesterday's occurrence still holds at `at` when the window wraps past midnight (22:00–06:00).
    for (const day of [today - NAIVE_DAY, today]) {
      const interval = weeklyOn({ read, day });
      if (interval && interval.start <= at && at < interval.end) return interval;
    }
    return null;
  },

  /** The first occurrence that starts after `after`, or null (a one-off window already begun or past). */
  after(options: { read: ReadTimeWindow; after: number }): Interval | null {
    const { read, after } = options;
    if ('oneOff' in read) return read.oneOff.start > after ? read.oneOff : null;
    const today = naiveStartOfDay(toNaive({ instant: after, timeZone: read.window.timezone }));
    // Today's occurrence may still lie ahead; one on the same weekday next week always does.
    for (let offset = 0; offset <= 7; offset++) {
      const interval = weeklyOn({ read, day: today + offset * NAIVE_DAY });
      if (interval && interval.start > after) return interval;
    }
    return null;
  },
};

/** The weekly window's occurrence that starts on the local day `day` (naive midnight), or null. */
function weeklyOn(options: { read: ReadTimeWindow; day: number }): Interval | null {
  const { read, day } = options;
  if (!('recurring' in read)) return null;
  const { days, from, to } = read.recurring;
  if (!days.has(naiveWeekday(day))) return null;
  const timeZone = read.window.timezone;
  const endNaive = to > from ? day + to : day + NAIVE_DAY + to;
  return {
    start: toInstant({ naive: day + from, timeZone, prefer: 'earlier' }),
    end: toInstant({ naive: endNaive, timeZone, prefer: 'later' }),
  };
}
