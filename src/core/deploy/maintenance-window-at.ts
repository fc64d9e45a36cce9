import type { FreezeWindow } from '../policy/policy.ts';
import type { MaintenanceSlot } from './maintenance-slot.ts';
import { instantOf, type MaintenanceCandidate, readMaintenanceWindows } from './read-maintenance-windows.ts';
import type { Interval } from './read-time-window.ts';

/** One occurrence of a maintenance window. */
export interface MaintenanceWindowOccurrence {
  /** The config window's name, or `scheduled slot` for the change's own slot. */
  name: string;
  /** The change's own slot (`scheduled_time` + 2 h), not a config window. */
  scheduled: boolean;
  start: Date;
  /** Exclusive. */
  end: Date;
}

/** A candidate's interval as the occurrence the gate names. */
export const occurrenceOf = (
  candidate: Pick<MaintenanceCandidate, 'name' | 'scheduled'>,
  interval: Interval,
): MaintenanceWindowOccurrence => ({
  name: candidate.name,
  scheduled: candidate.scheduled,
  start: new Date(interval.start),
  end: new Date(interval.end),
});

/**
 * The maintenance window open at `at` for a change that asks for one: a config window (read in its time zone,
 * DST-correct, as freeze windows are) or the change's own slot; the one ending last when several are open;
 * null when none is. Throws TimeWindowError, naming the window, when one is malformed.
 */
export function maintenanceWindowAt(options: {
  windows: FreezeWindow[];
  slot: MaintenanceSlot | null;
  at: Date;
}): MaintenanceWindowOccurrence | null {
  const at = instantOf(options.at);
  let found: MaintenanceWindowOccurrence | null = null;
  for (const candidate of readMaintenanceWindows(options)) {
    const interval = candidate.at(at);
    if (interval && (!found || interval.end > found.end.getTime())) found = occurrenceOf(candidate, interval);
  }
  return found;
}
