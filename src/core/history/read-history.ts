import type { CommentFact } from '../decision/change-facts.ts';
import { chainProblems } from './chain-problems.ts';
import type { HistoryVerifier } from './create-verifier.ts';
import { entryHash } from './entry-hash.ts';
import { foreignOwner, type HistoryOwner } from './foreign-owner.ts';
import type { HistoryEntry, SignedEntry } from './history-entry.ts';
import type { HistoryProblem } from './history-problem.ts';
import {
  isMalformedMarker,
  type MalformedHistoryMarker,
  parseHistoryEntries,
} from './parse-history-entries.ts';
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
  /**
   * The repository's numeric id (GitHub's `databaseId`): entries carrying one count across a rename or
   * transfer; null or absent when unknown (then every entry is compared by name).
   */
  repositoryId?: number | null;
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
 * The trusted history of one change, read from its comments (a comment holds one entry, or the several one
 * evaluation recorded, in chain order: entries are read comment by comment, and in order within a comment):
 * 1. only comments by `botLogin` that GitHub marks as a bot count; a marker anywhere else is `forged`;
 * 2. the marker must parse (`malformed`), name a known key (`unknown_key`) and verify (`tampered`);
 * 3. an entry of another change (ID, repository or number) is `foreign` and never counts (its repository by id
 *    when both the entry and `repositoryId` have one, else by name: see foreignOwner); a repeated key
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
  repositoryId,
  number,
}: ReadHistoryOptions): ChangeHistoryRead => {
  const problems: HistoryProblem[] = [];
  const candidates: VerifiedEntry[] = [];
  const byKey = new Map<string, VerifiedEntry>();
  /** A duplicate's hash → the hash of the kept entry with its key. */
  const aliases = new Map<string, string>();
  const ordered = [...comments].sort((a, b) => a.id - b.id);
  for (const comment of ordered) {
    const parsed = parseHistoryEntries(comment.body);
    if (parsed.length === 0) continue;
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
    let editReported = !comment.edited;
    const reportEdit = (key: string) => {
      if (!editReported) problems.push(editedProblem(comment.id, key));
      editReported = true;
    };
    parsed.forEach((item, index) => {
      const read = readEntry({
        comment,
        item,
        index,
        verifiers,
        problems,
        owner: { repository, repositoryId: repositoryId ?? null, number, changeId },
      });
      if (read === null) return;
      // A foreign entry in a comment that was edited was pasted there: report the edit too.
      if (read.foreign) {
        reportEdit(read.entry.key);
        return;
      }
      const first = byKey.get(read.entry.key);
      if (first !== undefined) {
        problems.push({
          kind: 'duplicate',
          key: read.entry.key,
          keptCommentId: first.commentId,
          duplicateCommentId: comment.id,
          ...(index === 0 ? {} : { duplicateIndex: index }),
          duplicateHash: read.hash,
          message: `comment ${comment.id}${index === 0 ? '' : ` (entry ${index + 1})`} repeats entry ${read.entry.key} of comment ${first.commentId}`,
        });
        aliases.set(read.hash, first.hash);
        return;
      }
      reportEdit(read.entry.key);
      const verified: VerifiedEntry = {
        commentId: comment.id,
        ...(index === 0 ? {} : { index }),
        entry: read.entry,
        signed: read.signed,
        hash: read.hash,
      };
      byKey.set(read.entry.key, verified);
      candidates.push(verified);
    });
  }
  const breaks = chainProblems(candidates, aliases);
  return { entries: candidates, problems: [...problems, ...breaks], chainIntact: breaks.length === 0 };
};

/**
 * One marker of a bot comment, checked: null when it cannot be believed (its problem pushed); else the
 * signed entry, its hash, and whether it belongs to another change (its `foreign` problem pushed).
 */
const readEntry = (options: {
  comment: CommentFact;
  item: SignedEntry | MalformedHistoryMarker;
  index: number;
  verifiers: ReadHistoryOptions['verifiers'];
  problems: HistoryProblem[];
  owner: HistoryOwner;
}): { entry: HistoryEntry; signed: SignedEntry; hash: string; foreign: boolean } | null => {
  const { comment, item, index, problems } = options;
  const at = index === 0 ? {} : { index };
  const where = `comment ${comment.id}${index === 0 ? '' : ` (entry ${index + 1})`}`;
  if (isMalformedMarker(item)) {
    problems.push({
      kind: 'malformed',
      commentId: comment.id,
      ...at,
      error: item.error,
      message: `${where}: ${item.message}`,
    });
    return null;
  }
  const signed: SignedEntry = item;
  const verifier = options.verifiers.find((candidate) => candidate.keyId === signed.key_id);
  if (verifier === undefined) {
    problems.push({
      kind: 'unknown_key',
      commentId: comment.id,
      ...at,
      keyId: signed.key_id,
      message: `${where} is signed by key ${signed.key_id}, which is not a configured history key`,
    });
    return null;
  }
  const known = verifiedEntries.get(signed);
  const hash = known?.verifier === verifier ? known.hash : verifiedHash(signed, verifier);
  if (hash === null) {
    problems.push({
      kind: 'tampered',
      commentId: comment.id,
      ...at,
      key: signed.entry.key,
      message: `${where} (${signed.entry.event}) does not match its signature: it was edited after it was posted`,
    });
    return null;
  }
  const belongsTo = foreignOwner(signed.entry, options.owner);
  if (belongsTo !== null) {
    problems.push({
      kind: 'foreign',
      commentId: comment.id,
      ...at,
      key: signed.entry.key,
      belongsTo,
      message: `${where} holds an entry of ${belongsTo}, not of ${options.owner.repository}#${options.owner.number}: it never counts here`,
    });
  }
  return { entry: signed.entry, signed, hash, foreign: belongsTo !== null };
};

/**
 * Entries this process verified, with the verifier that did and their hash: parseHistoryEntries gives the
 * same frozen entry for the same comment text, so an evaluation does not check again the signatures the last
 * one checked (RSA, about half of reading a history). Only frozen entries are remembered: they cannot change.
 */
const verifiedEntries = new WeakMap<SignedEntry, { verifier: object; hash: string }>();

/** The entry's hash when `verifier` verifies it (remembered), else null. */
const verifiedHash = (
  signed: SignedEntry,
  verifier: Pick<HistoryVerifier, 'keyId' | 'verify'>,
): string | null => {
  if (!verifier.verify(signed)) return null;
  const hash = entryHash(signed);
  if (Object.isFrozen(signed) && Object.isFrozen(signed.entry))
    verifiedEntries.set(signed, { verifier, hash });
  return hash;
};

const editedProblem = (commentId: number, key: string): HistoryProblem => ({
  kind: 'edited',
  commentId,
  key,
  message: `comment ${commentId} was edited; its signed entry is intact but its visible text may not be`,
});
