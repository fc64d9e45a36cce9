import type { ApprovalCandidate } from './approval-candidate.ts';
import { canSatisfy } from './assign-approvers.ts';
import { eligibleApprovers } from './eligible-approvers.ts';

/**
 * The earliest approval time at which all `roles` were satisfied together, or null if they are not now.
 * Satisfiable-by-time-t is monotone in t, so a binary search over the approval times finds it.
 */
export function earliestSatisfaction(options: {
  candidates: ApprovalCandidate[];
  roles: number[];
  cutoffs: number[];
  need: number;
  oneRolePerPerson: boolean;
}): number | null {
  const satisfiedBy = (until: number): boolean =>
    canSatisfy(
      {
        eligible: eligibleApprovers({ candidates: options.candidates, cutoffs: options.cutoffs, until }),
        personCount: options.candidates.length,
        need: options.need,
        oneRolePerPerson: options.oneRolePerPerson,
      },
      options.roles,
    );
  if (!satisfiedBy(Number.POSITIVE_INFINITY)) return null;
  const times = [...new Set(options.candidates.flatMap((candidate) => candidate.times))].sort(
    (a, b) => a - b,
  );
  let low = 0;
  let high = times.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (satisfiedBy(times[middle]!)) high = middle;
    else low = middle + 1;
  }
  return times[low] ?? Number.NEGATIVE_INFINITY;
}
