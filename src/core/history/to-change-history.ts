import { describeEntry } from './describe-entry.ts';
import type { HistoryEvent } from './history-entry.ts';
import type { VerifiedEntry } from './verified-entry.ts';

/** One line of the seed's "Change History", extended by our own keys. */
export interface ChangeHistoryItem {
  timestamp: string;
  action: string;
  user: string;
  details: string;
  /** Extensions: our event name, the head SHA, the block hash, and how to check the entry. */
  event: HistoryEvent;
  sha: string | null;
  block_hash: string | null;
  key: string;
  hash: string;
  prev: string | null;
  comment_id: number;
  key_id: string;
  signature: string;
  signature_verified: true;
  data: Record<string, unknown>;
}

/** The seed's "Change History" JSON: `{ change_id, history: [{ timestamp, action, user, details }] }`. */
export interface ChangeHistory {
  change_id: string;
  history: ChangeHistoryItem[];
}

const ACTIONS: Partial<Record<HistoryEvent, string>> = { submitted: 'created', implementing: 'implemented' };

/**
 * The seed's "Change History" shape, field for field, from verified entries (entries of other changes are
 * left out). `action` is the event's name except submitted → `created`, implementing → `implemented`;
 * `details` is the plain-text sentence of `describeEntry`. Only verified entries are accepted, so every
 * item says `signature_verified: true` and carries what a third party needs to check it again.
 */
export const toChangeHistory = (changeId: string, entries: readonly VerifiedEntry[]): ChangeHistory => ({
  change_id: changeId,
  history: entries
    .filter(({ entry }) => entry.change_id === changeId)
    .map(({ entry, signed, hash, commentId }) => ({
      timestamp: entry.at,
      action: ACTIONS[entry.event] ?? entry.event,
      user: entry.actor,
      details: describeEntry(entry, 'text'),
      event: entry.event,
      sha: entry.head_sha,
      block_hash: entry.block_hash,
      key: entry.key,
      hash,
      prev: entry.prev,
      comment_id: commentId,
      key_id: signed.key_id,
      signature: signed.signature,
      signature_verified: true,
      data: entry.data,
    })),
});
