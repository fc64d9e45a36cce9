import type { FreezeWindow } from '../policy/policy.ts';
import type { MaintenanceSlot } from './maintenance-slot.ts';
import { type MaintenanceWindowOccurrence, occurrenceOf } from './maintenance-window-at.ts';
import { instantOf, readMaintenanceWindows } from './read-maintenance-windows.ts';

/**
 * The next maintenance window that opens after `at` (strictly later): the earliest start among the config's
 * windows (weekly ones at most a week ahead) and the change's own slot; the longer one on a tie. Null when
 * none lies ahead (no weekly window, one-offs and the slot past). Throws TimeWindowError when one is malformed.
 */
export function findNextMaintenanceWindow(options: {
  windows: FreezeWindow[];
  slot: MaintenanceSlot | null;
  at: Date;
}): MaintenanceWindowOccurrence | null {
  const at = instantOf(options.at);
  let found: MaintenanceWindowOccurrence | null = null;
  for (const candidate of readMaintenanceWindows(options)) {
    const interval = candidate.after(at);
    if (!interval) continue;
    const earlier = !found || interval.start < found.start.getTime();
    const longer = found && interval.start === found.start.getTime() && interval.end > found.end.getTime();
    if (earlier || longer) found = occurrenceOf(candidate, interval);
  }
  return found;
}
