import type { FreezeWindow } from '../policy/policy.ts';
import type { MaintenanceSlot } from './maintenance-slot.ts';
import { type Interval, readTimeWindow } from './read-time-window.ts';
import { TimeWindowError } from './time-window-error.ts';
import { windowOccurrences } from './window-occurrences.ts';

/** One place a change that asks for a maintenance window may deploy: a config window or its own slot. */
export interface MaintenanceCandidate {
  name: string;
  scheduled: boolean;
  at(instant: number): Interval | null;
  after(instant: number): Interval | null;
}

export const SCHEDULED_SLOT_NAME = 'scheduled slot';

/** The config's maintenance windows and the change's slot, checked. Throws TimeWindowError naming a bad one. */
export function readMaintenanceWindows(options: {
  windows: FreezeWindow[];
  slot: MaintenanceSlot | null;
}): MaintenanceCandidate[] {
  const windows = Array.isArray(options.windows) ? options.windows : [];
  const candidates: MaintenanceCandidate[] = windows.map((window) => {
    const read = readTimeWindow({ window, kind: 'maintenance' });
    return {
      name: read.window.name,
      scheduled: false,
      at: (instant) => windowOccurrences.at({ read, at: instant }),
      after: (instant) => windowOccurrences.after({ read, after: instant }),
    };
  });
  if (options.slot) {
    const slot = { start: options.slot.start.getTime(), end: options.slot.end.getTime() };
    if (!Number.isFinite(slot.start) || !Number.isFinite(slot.end) || slot.end <= slot.start) {
      throw new TimeWindowError('the change’s scheduled slot is not a valid interval');
    }
    candidates.push({
      name: SCHEDULED_SLOT_NAME,
      scheduled: true,
      at: (instant) => (slot.start <= instant && instant < slot.end ? slot : null),
      after: (instant) => (slot.start > instant ? slot : null),
    });
  }
  return candidates;
}

export function instantOf(at: Date): number {
  const instant = at.getTime();
  if (!Number.isFinite(instant))
    throw new TimeWindowError('the time to check maintenance windows at is not a valid date');
  return instant;
}
