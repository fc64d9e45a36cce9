import type { HistoryProblem } from '../history/history-problem.ts';

/**
 * Why a change's history cannot be counted, one reason per problem; empty when it can. A change is set apart
 * when an entry of it was edited after signing (`tampered`, `malformed`), cannot be verified (`unknown_key`),
 * belongs to another change (`foreign`), or is missing or out of order (`broken_chain`). Not counted as
 * problems: forks (two replicas racing), duplicates (the first copy counts), forged comments (never history)
 * and edited comments whose signed entry is intact — none of them changes a figure.
 */
export const untrustedHistory = (problems: readonly HistoryProblem[]): string[] =>
  problems.flatMap((problem): string[] => {
    switch (problem.kind) {
      case 'tampered':
        return [`tampered: ${problem.message}`];
      case 'malformed':
        return [`tampered: ${problem.message}`];
      case 'unknown_key':
        return [`unverifiable: ${problem.message}`];
      case 'foreign':
        return [`foreign: ${problem.message}`];
      case 'broken_chain':
        return problem.cause === 'fork' ? [] : [`broken chain: ${problem.message}`];
      default:
        return [];
    }
  });
