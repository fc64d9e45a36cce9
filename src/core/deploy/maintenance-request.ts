import type { ChangeForm } from '../change-request/change.ts';
import { type MaintenanceSlot, maintenanceSlotOf } from './maintenance-slot.ts';

/** A change that deploys to production only inside a maintenance window: a config window or its own slot. */
export interface MaintenanceRequest {
  /** From `scheduled_time`; null when the change has none (then only the config's windows open). */
  slot: MaintenanceSlot | null;
}

/** What the block asks for: `maintenance_window: true` and nothing else makes a change wait for a window. */
export function maintenanceRequestOf(
  form: Pick<ChangeForm, 'maintenance_window' | 'scheduled_time'>,
): MaintenanceRequest | null {
  if (form.maintenance_window !== true) return null;
  return { slot: maintenanceSlotOf(form.scheduled_time) };
}
