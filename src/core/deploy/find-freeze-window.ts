import type { FreezeWindow } from '../policy/policy.ts';
import { parseLocalDateTime, parseLocalTime } from './parse-local-time.ts';
import {
  isValidTimeZone,
  NAIVE_DAY,
  naiveStartOfDay,
  naiveWeekday,
  toInstant,
  toNaive,
} from './zoned-time.ts';

export interface ActiveFreeze {
  window: FreezeWindow;
  /** When deploys may resume: the end of this window, extended by any window that starts before it ends. */
  endsAt: Date;
}

/** A freeze window that cannot be read. The deploy gate fails closed on it. */
export class FreezeWindowError extends Error {
  override name = 'FreezeWindowError';
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** Chained windows (every weekday 00:00–24:00, back-to-back one-offs) are followed at most this far. */
const MAX_CHAINED = 60;

interface Interval {
  start: number;
  end: number;
}

/**
 * The freeze window in force at `at`, or null. Times are read in each window's IANA time zone, so DST
 * moves them with the local clock. When several windows are in force the one ending last is returned, and
 * `endsAt` follows every window (the same one on the next day, or another) that begins before the
 * current one ends. Local times that do not exist (spring forward) start or end at the jump; local times
 * that happen twice (fall back) make the window as long as possible: the earlier start, the later end.
 * Throws FreezeWindowError, naming the window, when one is malformed.
 */
export function findFreezeWindow(options: { windows: FreezeWindow[]; at: Date }): ActiveFreeze | null {
  const at = options.at.getTime();
  if (!Number.isFinite(at))
    throw new FreezeWindowError('the time to check freeze windows at is not a valid date');
  const windows = Array.isArray(options.windows) ? options.windows : [];
  let found: { window: FreezeWindow; interval: Interval } | null = null;
  for (const window of windows) {
    const interval = intervalContaining({ window, at });
    if (interval && (!found || interval.end > found.interval.end)) found = { window, interval };
  }
  if (!found) return null;
  let end = found.interval.end;
  for (let step = 0; step < MAX_CHAINED; step++) {
    let next = end;
    for (const window of windows) {
      const interval = intervalContaining({ window, at: end });
      if (interval && interval.end > next) next = interval.end;
    }
    if (next === end) break;
    end = next;
  }
  return { window: found.window, endsAt: new Date(end) };
}

/** The occurrence of `window` that contains `at` (start inclusive, end exclusive), or null. */
function intervalContaining(options: { window: FreezeWindow; at: number }): Interval | null {
  const { window, at } = options;
  const label = describe(window);
  if (window === null || typeof window !== 'object') throw new FreezeWindowError(`${label} is not a mapping`);
  if (!isValidTimeZone(window.timezone)) {
    throw new FreezeWindowError(
      `${label}: timezone ${JSON.stringify(window.timezone)} is not an IANA time zone (e.g. "Europe/Berlin", "UTC")`,
    );
  }
  const oneOff = window.start !== undefined || window.end !== undefined;
  if (oneOff && window.recurring !== undefined) {
    throw new FreezeWindowError(`${label}: set either start/end (one-off) or recurring, not both`);
  }
  if (oneOff) return oneOffInterval({ window, at, label });
  if (window.recurring !== undefined) return recurringInterval({ window, at, label });
  throw new FreezeWindowError(`${label}: set start and end (one-off) or recurring (weekly)`);
}

function oneOffInterval(options: { window: FreezeWindow; at: number; label: string }): Interval | null {
  const { window, at, label } = options;
  const start = parseLocalDateTime(window.start);
  if (typeof start === 'string') throw new FreezeWindowError(`${label}: start: ${start}`);
  const end = parseLocalDateTime(window.end);
  if (typeof end === 'string') throw new FreezeWindowError(`${label}: end: ${end}`);
  if (end <= start)
    throw new FreezeWindowError(`${label}: end ${window.end} is not after start ${window.start}`);
  const interval = {
    start: toInstant({ naive: start, timeZone: window.timezone, prefer: 'earlier' }),
    end: toInstant({ naive: end, timeZone: window.timezone, prefer: 'later' }),
  };
  return interval.start <= at && at < interval.end ? interval : null;
}

function recurringInterval(options: { window: FreezeWindow; at: number; label: string }): Interval | null {
  const { window, at, label } = options;
  const recurring = window.recurring;
  if (recurring === null || typeof recurring !== 'object') {
    throw new FreezeWindowError(`${label}: recurring must be a mapping with days, from and to`);
  }
  const days = readDays({ days: recurring.days, label });
  const from = parseLocalTime(recurring.from);
  if (typeof from === 'string') throw new FreezeWindowError(`${label}: recurring.from: ${from}`);
  if (from >= NAIVE_DAY) throw new FreezeWindowError(`${label}: recurring.from cannot be 24:00; use 00:00`);
  const to = parseLocalTime(recurring.to);
  if (typeof to === 'string') throw new FreezeWindowError(`${label}: recurring.to: ${to}`);
  if (to === from) {
    throw new FreezeWindowError(
      `${label}: recurring.from and recurring.to are both ${recurring.from}; for a whole day write from "00:00" to "24:00"`,
    );
  }
  const today = naiveStartOfDay(toNaive({ instant: at, timeZone: window.timezone }));
  // Yesterday's occurrence still holds at `at` when the window wraps past midnight (22:00–06:00).
  for (const day of [today - NAIVE_DAY, today]) {
    if (!days.has(naiveWeekday(day))) continue;
    const endNaive = to > from ? day + to : day + NAIVE_DAY + to;
    const start = toInstant({ naive: day + from, timeZone: window.timezone, prefer: 'earlier' });
    const end = toInstant({ naive: endNaive, timeZone: window.timezone, prefer: 'later' });
    if (start <= at && at < end) return { start, end };
  }
  return null;
}

function readDays(options: { days: unknown; label: string }): Set<number> {
  const { days, label } = options;
  if (!Array.isArray(days) || days.length === 0) {
    throw new FreezeWindowError(`${label}: recurring.days must list at least one of ${WEEKDAYS.join(', ')}`);
  }
  const numbers = new Set<number>();
  for (const day of days) {
    const index =
      typeof day === 'string' ? WEEKDAYS.indexOf(day.toLowerCase() as (typeof WEEKDAYS)[number]) : -1;
    if (index < 0) {
      throw new FreezeWindowError(
        `${label}: recurring.days: ${JSON.stringify(day)} is not one of ${WEEKDAYS.join(', ')}`,
      );
    }
    numbers.add(index);
  }
  return numbers;
}

function describe(window: FreezeWindow): string {
  const name =
    window !== null && typeof window === 'object' && typeof window.name === 'string' ? window.name : '';
  return name === '' ? 'freeze window (unnamed)' : `freeze window "${name.slice(0, 100)}"`;
}
