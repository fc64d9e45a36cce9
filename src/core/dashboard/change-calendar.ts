import { type Interval, readTimeWindow, type TimeWindowKind } from '../deploy/read-time-window.ts';
import { windowOccurrences } from '../deploy/window-occurrences.ts';
import type { FreezeWindow } from '../policy/policy.ts';
import type { CalendarEvent, ChangeCalendar } from './dashboard.ts';

/** A page lists at most this many calendar entries; the rest are counted (a weekly window over a year is 52). */
export const MAX_CALENDAR_EVENTS = 500;

/** An implementation the calendar shows: where the change lives and the slot its block schedules. */
export interface CalendarImplementation {
  change: NonNullable<CalendarEvent['change']>;
  title: string;
  start: number;
  end: number;
  recorded: boolean;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Every occurrence of a window that overlaps `[from, to)`, in order. */
const occurrences = (options: {
  window: FreezeWindow;
  kind: TimeWindowKind;
  from: number;
  to: number;
}): Interval[] => {
  const read = readTimeWindow({ window: options.window, kind: options.kind });
  const found: Interval[] = [];
  let current = windowOccurrences.at({ read, at: options.from });
  let cursor = options.from;
  if (current === null) current = windowOccurrences.after({ read, after: cursor });
  while (current !== null && current.start < options.to && found.length <= MAX_CALENDAR_EVENTS) {
    found.push(current);
    cursor = Math.max(current.start, cursor);
    current = windowOccurrences.after({ read, after: cursor });
  }
  return found;
};

/**
 * The change calendar over `[from, to)`: each scheduled implementation that overlaps it, and each occurrence
 * of the config's maintenance and freeze windows (read in their time zones, as the deploy gate reads them),
 * sorted by start. A window that cannot be read is named in `problems` (the deploy gate refuses on it too),
 * never a crash. At most MAX_CALENDAR_EVENTS entries; the rest are counted in `left_out`.
 */
export const changeCalendar = (options: {
  from: number;
  to: number;
  implementations: readonly CalendarImplementation[];
  maintenanceWindows: readonly FreezeWindow[];
  freezeWindows: readonly FreezeWindow[];
}): ChangeCalendar => {
  const { from, to } = options;
  const events: CalendarEvent[] = [];
  const problems: string[] = [];
  for (const implementation of options.implementations) {
    if (implementation.end <= from || implementation.start >= to) continue;
    events.push({
      kind: 'implementation',
      name: implementation.title,
      start: iso(implementation.start),
      end: iso(implementation.end),
      change: implementation.change,
      recorded: implementation.recorded,
    });
  }
  const windows = [
    ...options.maintenanceWindows.map((window) => ({ window, kind: 'maintenance' as const })),
    ...options.freezeWindows.map((window) => ({ window, kind: 'freeze' as const })),
  ];
  for (const { window, kind } of windows) {
    try {
      for (const interval of occurrences({ window, kind, from, to })) {
        events.push({
          kind,
          name: String(window.name),
          start: iso(interval.start),
          end: iso(interval.end),
          change: null,
          recorded: null,
        });
      }
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  events.sort(
    (a, b) => a.start.localeCompare(b.start) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name),
  );
  return {
    from: iso(from),
    to: iso(to),
    events: events.slice(0, MAX_CALENDAR_EVENTS),
    left_out: Math.max(0, events.length - MAX_CALENDAR_EVENTS),
    problems,
  };
};
