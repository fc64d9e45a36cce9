import { INPUT_LIMITS } from './input-limits.ts';
import type { Problem } from './problem.ts';

/** Sorts problems by position and keeps the first few; a hostile input cannot produce a megabyte of errors. */
export function capProblems(problems: Problem[]): Problem[] {
  const sorted = [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
  if (sorted.length <= INPUT_LIMITS.problems) return sorted;
  const kept = sorted.slice(0, INPUT_LIMITS.problems);
  const last = kept[kept.length - 1]!;
  kept.push({
    message: `${sorted.length - kept.length} more problems not shown; fix the ones above first`,
    line: last.line,
    column: last.column,
    severity: 'error',
  });
  return kept;
}
