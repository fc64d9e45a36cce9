import type { Vote } from './vote.ts';

export type UserStance =
  | { kind: 'approving'; approvals: Vote[] }
  | { kind: 'rejecting'; rejection: Vote }
  | { kind: 'none' };

/**
 * A person's standing from their votes (sorted oldest first): the latest vote decides. When it is an
 * approval, every approval since their last rejection or withdrawal is returned: any of them that still
 * binds to the current commit and block shows the person approves what is there now.
 */
export function userStance(votes: Vote[]): UserStance {
  const last = votes.at(-1);
  if (!last) return { kind: 'none' };
  if (last.kind === 'reject') return { kind: 'rejecting', rejection: last };
  if (last.kind === 'withdraw') return { kind: 'none' };
  let start = votes.length - 1;
  while (start > 0 && votes[start - 1]!.kind === 'approve') start--;
  return { kind: 'approving', approvals: votes.slice(start) };
}
