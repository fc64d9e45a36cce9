import type { ChangeHistoryRead } from './read-history.ts';

/**
 * Comments repeating an entry (racing writers), to delete: all but a copy that a kept entry chains onto (a
 * racing replica appended its next entry to its own copy), which stays as the link that entry's `prev` names.
 */
export const deletableDuplicates = (history: Pick<ChangeHistoryRead, 'entries' | 'problems'>): number[] => {
  const chainedOnto = new Set(history.entries.map((kept) => kept.entry.prev));
  return history.problems.flatMap((problem) =>
    problem.kind === 'duplicate' && !chainedOnto.has(problem.duplicateHash)
      ? [problem.duplicateCommentId]
      : [],
  );
};
