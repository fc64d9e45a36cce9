import type { FreezeWindow } from '../policy/policy.ts';
import { parseLocalDateTime, parseLocalTime } from './parse-local-time.ts';
import { TimeWindowError } from './time-window-error.ts';
import { isValidTimeZone, NAIVE_DAY, toInstant } from './zoned-time.ts';

/** Freeze and maintenance windows share one shape (the config's `timeWindow`); errors name which kind. */
export type TimeWindowKind = 'freeze' | 'maintenance';

/** One occurrence of a window: instants in ms since epoch, start inclusive, end exclusive. */
export interface Interval {
  start: number;
  end: number;
}

/** A window as written, checked: a one-off interval, or weekly days and local times (naive ms after midnight). */
export type ReadTimeWindow =
  | { window: FreezeWindow; oneOff: Interval }
  | { window: FreezeWindow; recurring: { days: Set<number>; from: number; to: number } };

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/**
 * Checks a window and reads its times. One-off local times that do not exist (spring forward) start or end at
 * the jump; local times that happen twice (fall back) make the window as long as possible: the earlier start,
 * the later end. Throws TimeWindowError, naming the window, when it is malformed.
 */
export function readTimeWindow(options: { window: FreezeWindow; kind: TimeWindowKind }): ReadTimeWindow {
  const { window } = options;
  const label = describe(options);
  if (window === null || typeof window !== 'object') throw new TimeWindowError(`${label} is not a mapping`);
  if (!isValidTimeZone(window.timezone)) {
    throw new TimeWindowError(
      `${label}: timezone ${JSON.stringify(window.timezone)} is not an IANA time zone (e.g. "Europe/Berlin", "UTC")`,
    );
  }
  const oneOff = window.start !== undefined || window.end !== undefined;
  if (oneOff && window.recurring !== undefined) {
    throw new TimeWindowError(`${label}: set either start/end (one-off) or recurring, not both`);
  }
  if (oneOff) return { window, oneOff: readOneOff({ window, label }) };
  if (window.recurring !== undefined) return { window, recurring: readRecurring({ window, label }) };
  throw new TimeWindowError(`${label}: set start and end (one-off) or recurring (weekly)`);
}

function readOneOff(options: { window: FreezeWindow; label: string }): Interval {
  const { window, label } = options;
  const start = parseLocalDateTime(window.start);
  if (typeof start === 'string') throw new TimeWindowError(`${label}: start: ${start}`);
  const end = parseLocalDateTime(window.end);
  if (typeof end === 'string') throw new TimeWindowError(`${label}: end: ${end}`);
  if (end <= start)
    throw new TimeWindowError(`${label}: end ${window.end} is not after start ${window.start}`);
  return {
    start: toInstant({ naive: start, timeZone: window.timezone, prefer: 'earlier' }),
    end: toInstant({ naive: end, timeZone: window.timezone, prefer: 'later' }),
  };
}

function readRecurring(options: { window: FreezeWindow; label: string }) {
  const { window, label } = options;
  const recurring = window.recurring;
  if (recurring === null || typeof recurring !== 'object') {
    throw new TimeWindowError(`${label}: recurring must be a mapping with days, from and to`);
  }
  const days = readDays({ days: recurring.days, label });
  const from = parseLocalTime(recurring.from);
  if (typeof from === 'string') throw new TimeWindowError(`${label}: recurring.from: ${from}`);
  if (from >= NAIVE_DAY) throw new TimeWindowError(`${label}: recurring.from cannot be 24:00; use 00:00`);
  const to = parseLocalTime(recurring.to);
  if (typeof to === 'string') throw new TimeWindowError(`${label}: recurring.to: ${to}`);
  if (to === from) {
    throw new TimeWindowError(
      `${label}: recurring.from and recurring.to are both ${recurring.from}; for a whole day write from "00:00" to "24:00"`,
    );
  }
  return { days, from, to };
}

function readDays(options: { days: unknown; label: string }): Set<number> {
  const { days, label } = options;
  if (!Array.isArray(days) || days.length === 0) {
    throw new TimeWindowError(`${label}: recurring.days must list at least one of ${WEEKDAYS.join(', ')}`);
  }
  const numbers = new Set<number>();
  for (const day of days) {
    const index =
      typeof day === 'string' ? WEEKDAYS.indexOf(day.toLowerCase() as (typeof WEEKDAYS)[number]) : -1;
    if (index < 0) {
      throw new TimeWindowError(
        `${label}: recurring.days: ${JSON.stringify(day)} is not one of ${WEEKDAYS.join(', ')}`,
      );
    }
    numbers.add(index);
  }
  return numbers;
}

function describe(options: { window: FreezeWindow; kind: TimeWindowKind }): string {
  const { window, kind } = options;
  const name =
    window !== null && typeof window === 'object' && typeof window.name === 'string' ? window.name : '';
  return name === '' ? `${kind} window (unnamed)` : `${kind} window "${name.slice(0, 100)}"`;
}
