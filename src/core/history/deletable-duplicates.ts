import type { ChangeHistoryRead } from './read-history.ts';

/**
 * Comments repeating entries (racing writers), to delete. A comment goes only when every entry in it repeats
 * an earlier one (one apply writes its entries in one comment; a racing replica's comment may hold a copy
 * followed by a new entry, which must stay) and nothing chains onto its copies: a racing replica that
 * appended its next entry to its own copy keeps that copy as the link the entry's `prev` names. A comment
 * with anything else in it (a kept, foreign, malformed or tampered entry) is never deleted.
 */
export const deletableDuplicates = (history: Pick<ChangeHistoryRead, 'entries' | 'problems'>): number[] => {
  const chainedOnto = new Set(history.entries.map((kept) => kept.entry.prev));
  const keep = new Set(history.entries.map((kept) => kept.commentId));
  const duplicates = new Set<number>();
  for (const problem of history.problems) {
    if (problem.kind === 'duplicate') {
      if (chainedOnto.has(problem.duplicateHash)) keep.add(problem.duplicateCommentId);
      else duplicates.add(problem.duplicateCommentId);
    } else if (problem.kind !== 'broken_chain') keep.add(problem.commentId);
  }
  return [...duplicates].filter((commentId) => !keep.has(commentId));
};
