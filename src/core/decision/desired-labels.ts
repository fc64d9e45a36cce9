import { CHANGE_STATUS_LABELS, type ChangeStatus, EMERGENCY_LABEL, OVERDUE_LABEL } from './change-status.ts';

const MANAGED = new Set<string>([...Object.values(CHANGE_STATUS_LABELS), EMERGENCY_LABEL, OVERDUE_LABEL]);

/**
 * The full label set a change should carry: the user's own labels, exactly one status label, and the
 * emergency label when it applies. Null when the labels are already right (no write).
 */
export const desiredLabels = (options: {
  current: readonly string[];
  status: ChangeStatus | null;
  emergency: boolean;
  /** Past its deadline: `change:overdue`. */
  overdue?: boolean;
}): string[] | null => {
  const kept = options.current.filter((label) => !MANAGED.has(label.toLowerCase()));
  const managed = [
    ...(options.status ? [CHANGE_STATUS_LABELS[options.status]] : []),
    ...(options.emergency ? [EMERGENCY_LABEL] : []),
    ...(options.overdue ? [OVERDUE_LABEL] : []),
  ];
  const next = [...kept, ...managed];
  const same =
    next.length === options.current.length &&
    next.every((label) => options.current.some((have) => have.toLowerCase() === label.toLowerCase()));
  return same ? null : next;
};
