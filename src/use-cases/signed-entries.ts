import { appendEntry } from '../core/history/append-entry.ts';
import type { HistorySigner } from '../core/history/create-signer.ts';
import type { DraftEntry } from '../core/history/draft-entry.ts';
import { entryHash } from '../core/history/entry-hash.ts';
import { renderHistoryComments } from '../core/history/render-history-comments.ts';
import type { VerifiedEntry } from '../core/history/verified-entry.ts';
import type { ChangeRef, GitHubPort } from '../github/ports/github-port.ts';

/** A decision's entries signed, each chained onto the last, and the comments that will carry them. */
export interface PreparedEntries {
  pending: VerifiedEntry[];
  comments: Array<{ body: string; entries: number }>;
}

/** Signs `drafts`, each chained onto `history` and the ones before it, and renders their comments (as few as fit). */
export const prepareEntries = (options: {
  drafts: readonly DraftEntry[];
  history: readonly VerifiedEntry[];
  at: Date;
  signer: HistorySigner;
}): PreparedEntries => {
  const chain = [...options.history];
  const pending = options.drafts.map((draft) => {
    const entry = appendEntry({ history: chain, draft, at: options.at });
    const signed = options.signer.sign(entry);
    // The comment that carries it is known once it is posted.
    const verified: VerifiedEntry = { commentId: 0, entry, signed, hash: entryHash(signed) };
    chain.push(verified);
    return verified;
  });
  return { pending, comments: renderHistoryComments(pending.map(({ signed }) => ({ signed }))) };
};

/** Gives each prepared entry the comment posted for it (`commentIds`, in order); `history` grows with them. */
export const placeEntries = (
  prepared: PreparedEntries,
  commentIds: readonly number[],
  history: VerifiedEntry[],
): number => {
  let next = 0;
  prepared.comments.forEach(({ entries }, comment) => {
    prepared.pending.slice(next, next + entries).forEach((verified, index) => {
      verified.commentId = commentIds[comment] ?? 0;
      if (index > 0) verified.index = index;
    });
    next += entries;
  });
  history.push(...prepared.pending);
  return prepared.pending.length;
};

/**
 * Posts the prepared entries' comments one after another; `history` grows with them. One comment is all or
 * nothing: a failed write leaves none of its entries, and the comments after it are not posted. Throws on a
 * failed write.
 */
export const postEntries = async (options: {
  port: Pick<GitHubPort, 'createComment'>;
  ref: ChangeRef;
  prepared: PreparedEntries;
  history: VerifiedEntry[];
}): Promise<number> => {
  const commentIds: number[] = [];
  for (const { body } of options.prepared.comments) {
    commentIds.push((await options.port.createComment(options.ref, body)).id);
  }
  return placeEntries(options.prepared, commentIds, options.history);
};
