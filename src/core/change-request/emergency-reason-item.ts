import { type Change, EMERGENCY_REASONS } from './change.ts';
import { locateInBlock } from './locate-in-block.ts';

/**
 * An emergency change (urgency or classification `emergency`) must name which of the procedure's emergency
 * criteria applies. When `emergency_reason` is missing the item points at the line that made the change an
 * emergency (a value outside the list is already a schema error at its own line). Null for other changes.
 */
export function emergencyReasonItem(change: Change): {
  criterion: 'emergency_reason';
  ok: boolean;
  message: string;
  path: string;
  line: number;
  column: number;
} | null {
  const byUrgency = change.urgency === 'emergency';
  if (!byUrgency && change.classification !== 'emergency') return null;
  const reason = change.form.emergency_reason;
  const ok = typeof reason === 'string' && (EMERGENCY_REASONS as readonly string[]).includes(reason);
  const field = ok ? 'emergency_reason' : byUrgency ? 'urgency' : 'classification';
  const path = `/change_request/${field}`;
  const { line, column } = locateInBlock(change.block, { path, target: 'value' });
  return {
    criterion: 'emergency_reason',
    ok,
    message: ok
      ? `emergency criterion: ${reason}`
      : `emergency_reason: missing; an emergency change (${field}: emergency) must name one of ${EMERGENCY_REASONS.join(', ')}`,
    path,
    line,
    column,
  };
}
