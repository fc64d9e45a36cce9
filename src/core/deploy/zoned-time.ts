/**
 * Wall-clock time in an IANA time zone, computed with `Intl` only. A "naive" time is the local
 * calendar date and clock reading encoded as if it were UTC (`Date.UTC(y, m - 1, d, h, min)`): calendar
 * arithmetic on it (next day, weekday) is plain integer arithmetic, free of DST.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How many zone spellings keep their formatter. An ICU formatter holds a few KB outside the JS heap, which the
 * garbage collector does not see; the zone comes from a repository's config, where any mix of upper and lower
 * case names a valid zone, so the cache is capped (the oldest spelling goes first) instead of growing with them.
 */
export const TIME_ZONE_FORMATTERS_CAPACITY = 500;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws a RangeError naming the zone when it is not a valid IANA time zone. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
    if (formatters.size > TIME_ZONE_FORMATTERS_CAPACITY) {
      formatters.delete(formatters.keys().next().value as string);
    }
  }
  return formatter;
}

/** Whether `timeZone` names an IANA time zone (checked once per spelling: the formatter is kept). */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone === '' || timeZone.length > 100) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local clock reading of `instant` (ms since epoch) in `timeZone`, as a naive time (seconds kept). */
export function toNaive(options: { instant: number; timeZone: string }): number {
  const parts = formatterFor(options.timeZone).formatToParts(new Date(options.instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value);
  const year = get('year');
  // Years before 1 or after 9999 never appear in a freeze window; `era` is ignored on purpose.
  return Date.UTC(year, get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/** UTC offset of `timeZone` at `instant`, in ms (Berlin in summer: +2 h). */
export function offsetAt(options: { instant: number; timeZone: string }): number {
  const whole = Math.floor(options.instant / 1000) * 1000;
  return toNaive({ instant: whole, timeZone: options.timeZone }) - whole;
}

/**
 * The instant a naive local time denotes in `timeZone`.
 * - In a gap (spring forward: 02:30 does not exist in Berlin on the last Sunday of March) the clock
 *   passes that reading at the jump, so the answer is the first instant after the gap.
 * - In an overlap (fall back: 02:30 happens twice) `prefer` picks the earlier or the later one.
 */
export function toInstant(options: { naive: number; timeZone: string; prefer: 'earlier' | 'later' }): number {
  const { naive, timeZone } = options;
  const offsets = new Set([
    offsetAt({ instant: naive - DAY, timeZone }),
    offsetAt({ instant: naive, timeZone }),
    offsetAt({ instant: naive + DAY, timeZone }),
  ]);
  const matches = [...offsets]
    .map((offset) => naive - offset)
    .filter((instant) => toNaive({ instant, timeZone }) === naive)
    .sort((a, b) => a - b);
  if (matches.length > 0) return options.prefer === 'earlier' ? matches[0]! : matches[matches.length - 1]!;
  return firstInstantAfterGap({ naive, timeZone });
}

function firstInstantAfterGap(options: { naive: number; timeZone: string }): number {
  const { naive, timeZone } = options;
  // Both readings of the offsets around the gap bracket the transition: below it the local clock reads
  // earlier than `naive`, above it later.
  const before = offsetAt({ instant: naive - DAY, timeZone });
  const after = offsetAt({ instant: naive + DAY, timeZone });
  let low = naive - Math.max(before, after);
  let high = naive - Math.min(before, after);
  // Transitions fall on whole seconds; 40 halvings bring any bracket of a day below a second.
  for (let step = 0; step < 40 && high - low > 1000; step++) {
    const middle = Math.floor((low + high) / 2000) * 1000;
    if (toNaive({ instant: middle, timeZone }) >= naive) high = middle;
    else low = middle;
  }
  return high;
}

/** Day of week of a naive time: 0 = Sunday … 6 = Saturday. */
export function naiveWeekday(naive: number): number {
  return new Date(naive).getUTCDay();
}

/** Midnight of the naive time's day. */
export function naiveStartOfDay(naive: number): number {
  return Math.floor(naive / DAY) * DAY;
}

export const NAIVE_DAY = DAY;
export const NAIVE_MINUTE = MINUTE;
