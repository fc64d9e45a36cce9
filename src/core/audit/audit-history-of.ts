import type { CommentFact } from '../decision/change-facts.ts';
import type { HistoryVerifier } from '../history/create-verifier.ts';
import { entryHash } from '../history/entry-hash.ts';
import type { SignedEntry } from '../history/history-entry.ts';
import { HISTORY_MARKER_PREFIX } from '../history/history-marker.ts';
import type { HistoryProblem } from '../history/history-problem.ts';
import {
  isMalformedMarker,
  type MalformedHistoryMarker,
  parseHistoryEntries,
} from '../history/parse-history-entries.ts';
import { type ChangeHistoryRead, readHistory } from '../history/read-history.ts';
import type { AuditComment, AuditEntry, AuditHistory, ChainLink, EntryVerdict } from './audit-export.ts';
import { failingProblem } from './failing-problem.ts';

const commentFact = (comment: AuditComment): CommentFact => ({
  id: comment.id,
  author: comment.author,
  authorIsBot: comment.author_is_bot,
  body: comment.body,
  createdAt: comment.created_at,
  updatedAt: comment.updated_at,
  edited: comment.edited,
});

/** Where a problem's entry sits: `commentId:index` (index 0 for a whole comment, as a forged one). */
const placeOf = (problem: HistoryProblem): string => {
  if (problem.kind === 'duplicate') return `${problem.duplicateCommentId}:${problem.duplicateIndex ?? 0}`;
  if (problem.kind === 'broken_chain') return `${problem.after.commentId}:${problem.after.index ?? 0}`;
  if (problem.kind === 'forged' || problem.kind === 'edited') return `${problem.commentId}:0`;
  return `${problem.commentId}:${problem.index ?? 0}`;
};

const commentOf = (problem: HistoryProblem): number | null => {
  if (problem.kind === 'duplicate') return problem.duplicateCommentId;
  if (problem.kind === 'broken_chain') return problem.after.commentId;
  return problem.commentId;
};

/** The comment-level verdicts a problem gives (edited and chain breaks concern verified entries). */
const VERDICT_OF: Partial<Record<HistoryProblem['kind'], EntryVerdict>> = {
  forged: 'forged',
  malformed: 'malformed',
  tampered: 'tampered',
  unknown_key: 'unknown_key',
  foreign: 'foreign',
  duplicate: 'duplicate',
};

const LINK_OF = { missing: 'missing_before', reordered: 'reordered', fork: 'fork' } as const;

const emptyEntry = (commentId: number, verdict: EntryVerdict): AuditEntry => ({
  comment_id: commentId,
  verdict,
  chain: null,
  event: null,
  change_id: null,
  actor: null,
  at: null,
  head_sha: null,
  block_hash: null,
  key: null,
  prev: null,
  hash: null,
  key_id: null,
  data: null,
});

/** One marker of a history comment as the export shows it: what it says (whoever wrote it) and the verdict. */
const entryOf = (
  comment: AuditComment,
  parsed: SignedEntry | MalformedHistoryMarker,
  verdict: EntryVerdict,
  chain: ChainLink | null,
): AuditEntry => {
  if (isMalformedMarker(parsed)) return emptyEntry(comment.id, verdict);
  const { entry } = parsed;
  return {
    comment_id: comment.id,
    verdict,
    chain: verdict === 'verified' ? chain : null,
    event: entry.event,
    change_id: entry.change_id,
    actor: entry.actor,
    at: entry.at,
    head_sha: entry.head_sha,
    block_hash: entry.block_hash,
    key: entry.key,
    prev: entry.prev,
    hash: entryHash(parsed),
    key_id: parsed.key_id,
    data: entry.data,
  };
};

export interface AuditedHistory {
  read: ChangeHistoryRead;
  history: AuditHistory;
  /** One line per failing problem: why the change's history does not verify. */
  findings: string[];
}

/**
 * A change's history as the audit export shows it, recomputed from the comments alone with the given public
 * keys (`readHistory`): every comment carrying a history marker with its verdict and, for verified entries,
 * its place in the chain; every problem, failing or a notice. Pure: `audit verify` calls it again on the
 * exported comments and trusts nothing else.
 */
export const auditHistoryOf = (options: {
  repository: string;
  /** The repository's numeric id when known: entries carrying one are read by it (see readHistory); else by name. */
  repositoryId?: number | null;
  number: number;
  changeId: string;
  comments: readonly AuditComment[];
  botLogin: string;
  verifiers: readonly Pick<HistoryVerifier, 'keyId' | 'verify'>[];
}): AuditedHistory => {
  // Only comments carrying a marker can be history (readHistory skips the others): the export keeps those.
  const comments = options.comments
    .filter((comment) => comment.body.includes(HISTORY_MARKER_PREFIX))
    .sort((a, b) => a.id - b.id);
  const read = readHistory({
    comments: comments.map(commentFact),
    botLogin: options.botLogin,
    verifiers: options.verifiers,
    changeId: options.changeId,
    repository: options.repository,
    repositoryId: options.repositoryId ?? null,
    number: options.number,
  });
  // Keyed `commentId:index`: one comment holds every entry an apply wrote, each with its own verdict.
  const verdicts = new Map<string, EntryVerdict>();
  const links = new Map<string, ChainLink>();
  for (const problem of read.problems) {
    const verdict = VERDICT_OF[problem.kind];
    if (verdict !== undefined) verdicts.set(placeOf(problem), verdict);
    if (problem.kind === 'broken_chain') links.set(placeOf(problem), LINK_OF[problem.cause]);
  }
  const kept = new Set(read.entries.map((verified) => `${verified.commentId}:${verified.index ?? 0}`));
  const entries = comments.flatMap((comment) => {
    // A forged comment's verdict is the comment's: every marker in it is forged.
    const whole = verdicts.get(`${comment.id}:0`) === 'forged' ? 'forged' : null;
    return parseHistoryEntries(comment.body).map((parsed, index) => {
      const place = `${comment.id}:${index}`;
      const verdict = whole ?? (kept.has(place) ? 'verified' : (verdicts.get(place) ?? 'malformed'));
      return entryOf(comment, parsed, verdict, links.get(place) ?? 'linked');
    });
  });
  const problems = read.problems.map((problem) => ({
    kind: problem.kind === 'broken_chain' ? `broken_chain:${problem.cause}` : problem.kind,
    comment_id: commentOf(problem),
    message: problem.message,
    failing: failingProblem(problem),
  }));
  const findings = problems.filter((problem) => problem.failing).map((problem) => problem.message);
  return { read, history: { entries, problems, comments }, findings };
};
