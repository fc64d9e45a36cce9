import { shortSha } from '../text/short-sha.ts';
import type { BlockTimelineEntry, HeadEpoch } from './approval-input.ts';
import { blockHashesAt } from './block-hashes-at.ts';
import type { Vote } from './vote.ts';

export interface BindingContext {
  headSha: string | null;
  headEpoch: HeadEpoch | null;
  blockHash: string;
  blockTimeline: BlockTimelineEntry[];
}

export interface BindingFailure {
  reason: 'stale_sha' | 'stale_block';
  detail: string;
}

/**
 * Whether an approval was given on what is there now: the head commit (reviews carry their commit and must
 * follow the latest force-push; a `/approve` on a PR counts only if written while the head was current, see
 * HeadEpoch) and the change block (the hash
 * current when the approval was given must be the current hash). Null when it binds.
 */
export function bindApproval(vote: Vote, context: BindingContext): BindingFailure | null {
  return bindSha(vote, context) ?? bindBlock(vote, context);
}

function bindSha(vote: Vote, context: BindingContext): BindingFailure | null {
  const who = `@${vote.login}`;
  const head = context.headSha;
  const epoch = context.headEpoch;
  if (vote.via === 'api') return bindApiSha(vote, context);
  if (vote.via === 'review') {
    const sha = vote.sha ?? '';
    if (head === null) {
      return {
        reason: 'stale_sha',
        detail: `${who}'s review was given on ${shortSha(sha)}, but the change has no head commit to compare it with`,
      };
    }
    if (sha.toLowerCase() !== head.toLowerCase()) {
      return {
        reason: 'stale_sha',
        detail: `${who}'s approval was given on ${shortSha(sha)}, before the latest push (the head is now ${shortSha(head)})`,
      };
    }
    if (!epoch?.reviewsFrom || vote.time >= Date.parse(epoch.reviewsFrom)) return null;
    return {
      reason: 'stale_sha',
      detail: `${who}'s review of ${shortSha(head)} was given before a force-push at ${epoch?.reviewsFrom} (a force-push back to a commit voids its approvals); review again`,
    };
  }
  if (head === null) return null; // an issue-based change: only the block binding applies
  const after = epoch?.commentsAfter ? Date.parse(epoch.commentsAfter) : Number.NaN;
  if (vote.time > after) return null;
  if (epoch?.commentsAfterId != null && vote.id > epoch.commentsAfterId) return null;
  return {
    reason: 'stale_sha',
    detail: `${who}'s /approve was posted at ${vote.at}, before ${shortSha(head)} became the head (a comment approves the head current when it was written); post /approve again`,
  };
}

/**
 * An API vote binds to the head its signed entry recorded: the same commit (none for an issue), given after
 * the latest force-push (a push back to the same commit starts a new epoch, as for reviews).
 */
function bindApiSha(vote: Vote, context: BindingContext): BindingFailure | null {
  const who = `@${vote.login}`;
  const head = context.headSha;
  const sha = vote.sha ?? null;
  if ((head ?? '').toLowerCase() !== (sha ?? '').toLowerCase()) {
    return {
      reason: 'stale_sha',
      detail: `${who}'s API approval was given on ${sha === null ? 'no commit' : shortSha(sha)}, but the head is now ${head === null ? 'none' : shortSha(head)}; approve again`,
    };
  }
  const from = context.headEpoch?.reviewsFrom;
  if (head === null || !from || vote.time >= Date.parse(from)) return null;
  return {
    reason: 'stale_sha',
    detail: `${who}'s API approval of ${shortSha(head)} was given before a force-push at ${from}; approve again`,
  };
}

function bindBlock(vote: Vote, context: BindingContext): BindingFailure | null {
  const who = `@${vote.login}`;
  if (vote.via === 'api' && vote.blockHash !== context.blockHash) {
    return {
      reason: 'stale_block',
      detail: `${who}'s API approval was given on another version of the change block; approve again`,
    };
  }
  if (Number.isNaN(vote.time)) {
    return {
      reason: 'stale_block',
      detail: `${who}'s approval has an unreadable time (${vote.at}), so it cannot be tied to the change block`,
    };
  }
  const hashes = blockHashesAt(context.blockTimeline, vote.time);
  if (hashes === null) {
    return {
      reason: 'stale_block',
      detail: `${who}'s approval cannot be tied to the change block because the block's history has an unreadable time`,
    };
  }
  if (hashes.length === 0) {
    return {
      reason: 'stale_block',
      detail: `${who}'s approval was given before the change request was recorded`,
    };
  }
  if (hashes.every((hash) => hash === context.blockHash)) return null;
  return {
    reason: 'stale_block',
    detail: `${who}'s approval was given on an earlier version of the change block, which has been edited since`,
  };
}
