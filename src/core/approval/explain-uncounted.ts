import type { IgnoredApproval, RoleOutcome } from './approval-outcome.ts';
import type { Approver } from './approver.ts';

/** Why approvers did not count for roles they hold that still miss approvals (or, if counted nowhere, at all). */
export function explainUncounted(options: {
  approvers: Approver[];
  assigned: number[][];
  eligible: number[][];
  roles: RoleOutcome[];
  cutoffs: number[];
}): IgnoredApproval[] {
  const result: IgnoredApproval[] = [];
  options.approvers.forEach((approver, person) => {
    const { login, at, via } = approver.bound.at(-1)!;
    const countedFor = options.roles
      .filter((_, role) => options.assigned[role]!.includes(person))
      .map((r) => r.role);
    for (const role of [...approver.candidate.roles].sort((a, b) => a - b)) {
      if (options.assigned[role]!.includes(person)) continue;
      if (countedFor.length > 0 && options.roles[role]!.missing === 0) continue;
      const name = options.roles[role]!.role;
      if (options.eligible[role]!.includes(person)) {
        result.push({
          login,
          at,
          via,
          reason: 'already_counted',
          detail: `@${login} already counts for ${countedFor.join(', ')}; one person satisfies at most one role, so not for ${name}`,
        });
        continue;
      }
      const cutoff = options.cutoffs[role]!;
      const when = Number.isFinite(cutoff)
        ? `before the earlier approval stages were complete (at ${new Date(cutoff).toISOString()})`
        : 'while the earlier approval stages are not complete';
      result.push({
        login,
        at,
        via,
        reason: 'stage_not_reached',
        detail: `@${login} approved for ${name} ${when}; approve again to count`,
      });
    }
  });
  return result;
}
