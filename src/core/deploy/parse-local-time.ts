import { NAIVE_DAY, NAIVE_MINUTE } from './zoned-time.ts';

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const TIME = /^(\d{2}):(\d{2})$/;

/**
 * `YYYY-MM-DDTHH:mm[:ss]` as a naive time (see zoned-time.ts); a string saying what is wrong otherwise.
 * `24:00` is accepted and means midnight at the end of that day.
 */
export function parseLocalDateTime(text: unknown): number | string {
  if (typeof text !== 'string') return `expected a local date-time "YYYY-MM-DDTHH:mm", got ${typeof text}`;
  const match = DATE_TIME.exec(text.trim());
  if (!match) {
    return /[zZ]$|[+-]\d{2}:?\d{2}$/.test(text.trim())
      ? `"${clip(text)}" carries a UTC offset; write the local time ("YYYY-MM-DDTHH:mm") and set the window's timezone`
      : `"${clip(text)}" is not a local date-time "YYYY-MM-DDTHH:mm"`;
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const midnight = Date.UTC(year, month - 1, day);
  const date = new Date(midnight);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return `"${clip(text)}" is not a calendar date`;
  }
  const clock = parseClock({ hour, minute, second, text });
  return typeof clock === 'string' ? clock : midnight + clock;
}

/** `HH:mm` as ms after midnight; `24:00` is a full day. A string saying what is wrong otherwise. */
export function parseLocalTime(text: unknown): number | string {
  if (typeof text !== 'string') return `expected a local time "HH:mm", got ${typeof text}`;
  const match = TIME.exec(text.trim());
  if (!match) return `"${clip(text)}" is not a local time "HH:mm"`;
  return parseClock({ hour: Number(match[1]), minute: Number(match[2]), second: 0, text });
}

function parseClock(options: {
  hour: number;
  minute: number;
  second: number;
  text: string;
}): number | string {
  const { hour, minute, second } = options;
  if (hour === 24 && minute === 0 && second === 0) return NAIVE_DAY;
  if (hour > 23 || minute > 59 || second > 59) return `"${clip(options.text)}" is not a valid time of day`;
  return (hour * 60 + minute) * NAIVE_MINUTE + second * 1000;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
