import type { ApprovalCandidate } from './approval-candidate.ts';
import { earliestSatisfaction } from './earliest-satisfaction.ts';

/**
 * Per role, the time from which approvals count for it. Roles without a stage, and the first stage, count
 * from the beginning; a later stage's roles count approvals given at or after the moment every role of the
 * earlier stages was satisfied (the time the last approval they needed arrived); never, while that has not
 * happened. Sound and simple: a later approver always approved after the earlier stages had signed off.
 */
export function stageCutoffs(options: {
  stageIndices: Array<number | null>;
  candidates: ApprovalCandidate[];
  need: number;
  oneRolePerPerson: boolean;
}): number[] {
  const cutoffs = options.stageIndices.map(() => Number.NEGATIVE_INFINITY);
  const stages = [...new Set(options.stageIndices.filter((stage) => stage !== null))].sort((a, b) => a - b);
  for (let i = 1; i < stages.length; i++) {
    const earlier = options.stageIndices.flatMap((stage, role) =>
      stage !== null && stage < stages[i]! ? [role] : [],
    );
    const complete = earliestSatisfaction({
      candidates: options.candidates,
      roles: earlier,
      cutoffs,
      need: options.need,
      oneRolePerPerson: options.oneRolePerPerson,
    });
    const cutoff = complete ?? Number.POSITIVE_INFINITY;
    options.stageIndices.forEach((stage, role) => {
      if (stage === stages[i]) cutoffs[role] = cutoff;
    });
  }
  return cutoffs;
}
