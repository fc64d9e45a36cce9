/**
 * A change's own maintenance slot: from its `scheduled_time` for SCHEDULED_SLOT_HOURS. The form has no end
 * or duration field; the procedure's implement example (scheduled 02:00, estimated completion 04:00) is the
 * one length it gives, so a slot lasts two hours.
 */
export interface MaintenanceSlot {
  start: Date;
  end: Date;
}

export const SCHEDULED_SLOT_HOURS = 2;

/** The slot `scheduled_time` opens, or null when it is unset or not a date-time. */
export function maintenanceSlotOf(scheduledTime: unknown): MaintenanceSlot | null {
  if (typeof scheduledTime !== 'string') return null;
  const start = Date.parse(scheduledTime);
  if (!Number.isFinite(start)) return null;
  return { start: new Date(start), end: new Date(start + SCHEDULED_SLOT_HOURS * 3_600_000) };
}
