import type { CommentFact } from '../decision/change-facts.ts';
import { chainProblems } from './chain-problems.ts';
import type { HistoryVerifier } from './create-verifier.ts';
import { entryHash } from './entry-hash.ts';
import { foreignOwner } from './foreign-owner.ts';
import type { SignedEntry } from './history-entry.ts';
import type { HistoryProblem } from './history-problem.ts';
import { isMalformedMarker, parseHistoryComment } from './parse-history-comment.ts';
import type { VerifiedEntry } from './verified-entry.ts';

export interface ReadHistoryOptions {
  /** The change's comments; ids give posting order. */
  comments: readonly CommentFact[];
  /** The app's own bot login as REST spells it, e.g. `change-gate[bot]`. */
  botLogin: string;
  /** Keys whose signatures count: the app's key, a dedicated key, rotated old keys. Matched by key id. */
  verifiers: readonly Pick<HistoryVerifier, 'keyId' | 'verify'>[];
  /** The change read: entries of other changes (IDs, repositories, numbers) are reported as `foreign`. */
  changeId: string;
  /** `owner/repo` of the change. */
  repository: string;
  number: number;
}

export interface ChangeHistoryRead {
  /** Trusted entries in posting order, which is chain order when `chainIntact`. */
  entries: VerifiedEntry[];
  problems: HistoryProblem[];
  /** False when some kept entry does not follow the one before it (see `broken_chain` problems). */
  chainIntact: boolean;
}

/**
 * The trusted history of one change, read from its comments:
 * 1. only comments by `botLogin` that GitHub marks as a bot count; a marker anywhere else is `forged`;
 * 2. the marker must parse (`malformed`), name a known key (`unknown_key`) and verify (`tampered`);
 * 3. an entry of another change (ID, repository or number) is `foreign` and never counts; a repeated key
 *    keeps the first entry (`duplicate`);
 * 4. each kept entry's `prev` must be the hash of the kept entry before it, or of a duplicate of it
 *    (`broken_chain`); the entries are returned all the same, so that nothing verified is lost.
 * Pure and total: never throws on any comment content.
 */
export const readHistory = ({
  comments,
  botLogin,
  verifiers,
  changeId,
  repository,
  number,
}: ReadHistoryOptions): ChangeHistoryRead => {
  const problems: HistoryProblem[] = [];
  const candidates: VerifiedEntry[] = [];
  const byKey = new Map<string, number>();
  const ordered = [...comments].sort((a, b) => a.id - b.id);
  for (const comment of ordered) {
    const parsed = parseHistoryComment(comment.body);
    if (parsed === null) continue;
    // Logins are case-insensitive on GitHub; `[bot]` logins cannot be taken by users, and GitHub says it is a bot.
    if (
      String(comment.author ?? '').toLowerCase() !== botLogin.toLowerCase() ||
      comment.authorIsBot !== true
    ) {
      problems.push({
        kind: 'forged',
        commentId: comment.id,
        author: comment.author,
        message: `comment ${comment.id} by ${comment.author} imitates a history entry; only ${botLogin} writes history, so it is ignored`,
      });
      continue;
    }
    if (isMalformedMarker(parsed)) {
      problems.push({
        kind: 'malformed',
        commentId: comment.id,
        error: parsed.error,
        message: `comment ${comment.id}: ${parsed.message}`,
      });
      continue;
    }
    const signed: SignedEntry = parsed;
    const verifier = verifiers.find((candidate) => candidate.keyId === signed.key_id);
    if (verifier === undefined) {
      problems.push({
        kind: 'unknown_key',
        commentId: comment.id,
        keyId: signed.key_id,
        message: `comment ${comment.id} is signed by key ${signed.key_id}, which is not a configured history key`,
      });
      continue;
    }
    if (!verifier.verify(signed)) {
      problems.push({
        kind: 'tampered',
        commentId: comment.id,
        key: signed.entry.key,
        message: `comment ${comment.id} (${signed.entry.event}) does not match its signature: it was edited after it was posted`,
      });
      continue;
    }
    const belongsTo = foreignOwner(signed.entry, { repository, number, changeId });
    if (belongsTo !== null) {
      problems.push({
        kind: 'foreign',
        commentId: comment.id,
        key: signed.entry.key,
        belongsTo,
        message: `comment ${comment.id} holds an entry of ${belongsTo}, not of ${repository}#${number}: it never counts here`,
      });
      // A foreign entry in a comment that was edited was pasted there: report the edit too.
      if (comment.edited) problems.push(editedProblem(comment.id, signed.entry.key));
      continue;
    }
    const hash = entryHash(signed);
    const keptCommentId = byKey.get(signed.entry.key);
    if (keptCommentId !== undefined) {
      problems.push({
        kind: 'duplicate',
        key: signed.entry.key,
        keptCommentId,
        duplicateCommentId: comment.id,
        duplicateHash: hash,
        message: `comment ${comment.id} repeats entry ${signed.entry.key} of comment ${keptCommentId}`,
      });
      continue;
    }
    byKey.set(signed.entry.key, comment.id);
    if (comment.edited) problems.push(editedProblem(comment.id, signed.entry.key));
    candidates.push({ commentId: comment.id, entry: signed.entry, signed, hash });
  }
  const hashOf = new Map(candidates.map((kept) => [kept.commentId, kept.hash]));
  const aliases = new Map(
    problems.flatMap((problem) => {
      const kept = problem.kind === 'duplicate' ? hashOf.get(problem.keptCommentId) : undefined;
      return problem.kind === 'duplicate' && kept !== undefined
        ? [[problem.duplicateHash, kept] as const]
        : [];
    }),
  );
  const breaks = chainProblems(candidates, aliases);
  return { entries: candidates, problems: [...problems, ...breaks], chainIntact: breaks.length === 0 };
};

const editedProblem = (commentId: number, key: string): HistoryProblem => ({
  kind: 'edited',
  commentId,
  key,
  message: `comment ${commentId} was edited; its signed entry is intact but its visible text may not be`,
});
