import type { ApprovalCandidate } from './approval-candidate.ts';

/**
 * Role index → candidates whose approval may count for it: they hold the role and approved (at least once) at or
 * after the role's stage cutoff and not after `until`.
 */
export function eligibleApprovers(options: {
  candidates: ApprovalCandidate[];
  cutoffs: number[];
  until: number;
}): number[][] {
  const eligible: number[][] = options.cutoffs.map(() => []);
  options.candidates.forEach((candidate, person) => {
    for (const role of candidate.roles) {
      const cutoff = options.cutoffs[role]!;
      if (candidate.times.some((time) => time >= cutoff && time <= options.until))
        eligible[role]!.push(person);
    }
  });
  return eligible;
}
