import type { CheckRunPlan } from './check-run-plan.ts';

/** The check with a warning paragraph before its details (unchanged when there is no check or no warning). */
export const withCheckWarning = (check: CheckRunPlan | null, warning: string | null): CheckRunPlan | null => {
  if (check === null || warning === null) return check;
  return { ...check, text: check.text ? `${warning}\n\n${check.text}` : warning };
};
