import type { HistoryProblem } from '../history/history-problem.ts';
import { untrustedHistory } from '../report/untrusted-history.ts';

/**
 * Whether a history problem fails the change's history (else it is a notice): what the report sets apart
 * (tampered, malformed, unknown key, foreign, a missing or reordered entry) and a forged comment imitating an
 * entry. Edited comments whose signed entry is intact, duplicates and forks change nothing the entries say.
 */
export const failingProblem = (problem: HistoryProblem): boolean =>
  problem.kind === 'forged' || untrustedHistory([problem]).length > 0;
