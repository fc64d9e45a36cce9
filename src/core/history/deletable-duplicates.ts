import type { CommentFact } from '../decision/change-facts.ts';
import type { HistoryProblem } from './history-problem.ts';
import { isMalformedMarker, parseHistoryEntries } from './parse-history-entries.ts';
import type { ChangeHistoryRead } from './read-history.ts';
import { renderHistoryComments } from './render-history-comments.ts';

/** What two writers racing leave behind, and nothing a person can do: a key written twice, two entries on one. */
const raceArtefact = (problem: HistoryProblem): boolean =>
  problem.kind === 'duplicate' || (problem.kind === 'broken_chain' && problem.cause === 'fork');

const normalised = (body: string): string => body.replace(/\r\n/g, '\n').trimEnd();

/** Exactly the comment the app posts for the entries it holds: no other text, no other marker. */
const isPlainHistoryComment = (comment: Pick<CommentFact, 'body'>): boolean => {
  const parsed = parseHistoryEntries(comment.body);
  const signed = parsed.flatMap((item) => (isMalformedMarker(item) ? [] : [{ signed: item }]));
  if (signed.length === 0 || signed.length !== parsed.length) return false;
  try {
    const bodies = renderHistoryComments(signed);
    return bodies.length === 1 && normalised(bodies[0]?.body ?? '') === normalised(comment.body);
  } catch {
    return false;
  }
};

/**
 * Comments repeating entries (racing writers), to delete. Deleting loses what a comment shows, so a comment
 * goes only when it is certainly a lost race's copy, and the history otherwise clean:
 * 1. every problem of the history is a race's (duplicates, forks): anything else (an edited, tampered, forged,
 *    foreign or missing entry) means someone is at work, and everything is kept for the record;
 * 2. every entry in the comment repeats an earlier one (one apply writes its entries in one comment; a racing
 *    replica's comment may hold a copy followed by a new entry, which must stay), and nothing chains onto its
 *    copies (a racing replica that appended its next entry to its own copy keeps that copy as the link);
 * 3. the comment was never edited and is exactly what the app posts for those entries, and every kept copy it
 *    repeats sits in a comment never edited: an admin pasting an entry into an earlier comment makes the
 *    genuine one look like a duplicate, and it must not be deleted.
 */
export const deletableDuplicates = (
  history: Pick<ChangeHistoryRead, 'entries' | 'problems'>,
  comments: readonly Pick<CommentFact, 'id' | 'body' | 'edited'>[],
): number[] => {
  if (!history.problems.every(raceArtefact)) return [];
  const byId = new Map(comments.map((comment) => [comment.id, comment]));
  const unedited = (commentId: number): boolean => byId.get(commentId)?.edited === false;
  const chainedOnto = new Set(history.entries.map((kept) => kept.entry.prev));
  const keep = new Set(history.entries.map((kept) => kept.commentId));
  const duplicates = new Set<number>();
  for (const problem of history.problems) {
    if (problem.kind !== 'duplicate') continue;
    const safe = !chainedOnto.has(problem.duplicateHash) && unedited(problem.keptCommentId);
    (safe ? duplicates : keep).add(problem.duplicateCommentId);
  }
  return [...duplicates].filter((commentId) => {
    const comment = byId.get(commentId);
    return !keep.has(commentId) && comment?.edited === false && isPlainHistoryComment(comment);
  });
};
