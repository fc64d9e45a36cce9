import type { CountedApproval } from './approval-outcome.ts';
import type { Approver } from './approver.ts';

/**
 * The approval that counts for a role: the person's first binding approval at or after the role's stage
 * cutoff (they have approved what is there ever since); conditions and comments of all of them.
 */
export function countedApproval(options: {
  approver: Approver;
  cutoff: number;
  headSha: string | null;
}): CountedApproval {
  const { bound } = options.approver;
  const first = bound.find((vote) => vote.time >= options.cutoff) ?? bound[0]!;
  return {
    login: first.login,
    at: first.at,
    via: first.via,
    sha: first.via === 'command' ? options.headSha : first.sha,
    conditions: [...new Set(bound.flatMap((vote) => vote.conditions))],
    comment: [...new Set(bound.map((vote) => vote.comment).filter((comment) => comment !== ''))].join('\n'),
  };
}
