import type { ApiVote } from '../approval/approval-input.ts';
import type { VerifiedEntry } from '../history/verified-entry.ts';

/**
 * The votes given through the REST API: the change's own signed `voted` entries (only the app writes them,
 * for the caller it authenticated), each with the head commit and block hash it was bound to when recorded.
 */
export const apiVotesOf = (entries: readonly VerifiedEntry[]): ApiVote[] =>
  entries.flatMap(({ entry, commentId }) => {
    if (entry.event !== 'voted' || typeof entry.data.approved !== 'boolean') return [];
    const comments = entry.data.comments;
    const conditions = Array.isArray(entry.data.conditions) ? entry.data.conditions : [];
    return [
      {
        login: entry.actor,
        approved: entry.data.approved,
        at: entry.at,
        id: commentId,
        headSha: entry.head_sha,
        blockHash: entry.block_hash,
        comment: typeof comments === 'string' ? comments : '',
        conditions: conditions.filter((item): item is string => typeof item === 'string'),
      },
    ];
  });
