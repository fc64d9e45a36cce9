import { sha256Tag } from '../text/sha256.ts';
import { canonicalJson } from './canonical-json.ts';
import type { HistoryEvent } from './history-entry.ts';

/** A fact that tells one occurrence of an event from another (reviewer login, deployment id, status, ...). */
export type OccurrenceFact = string | number | boolean | null;

export interface HistoryKeyInput {
  event: HistoryEvent;
  changeId: string;
  /** Hash of the entry this one follows (null for the first): what the writer saw when it decided. */
  prev: string | null;
  headSha?: string | null;
  blockHash?: string | null;
  /** The further facts that make this occurrence unique, e.g. `{ reviewer, role }`, `{ deployment_id, status }`. */
  occurrence?: Readonly<Record<string, OccurrenceFact>>;
}

/**
 * The idempotency key of a history entry: `<event>:<change id>:<32 hex>`, the hex being the first 128 bits
 * of SHA-256 over the canonical JSON of { event, change id, prev, head SHA, block hash, occurrence }.
 *
 * Why these inputs:
 * - Two writers racing on the same event (a redelivered webhook, two replicas) read the same history, so
 *   they see the same `prev` and the same facts: same key, and the reader keeps only the first entry.
 * - A genuinely new occurrence follows a different entry: a second `invalidated` after another edit, an
 *   `approved` after the approval was voided, a new deployment status. Its `prev` differs, so does its key.
 * - Two different occurrences written on top of the same entry (two reviewers approving at once) differ
 *   by their occurrence facts, so neither is dropped as a duplicate of the other.
 * - Time and actor are not inputs unless named in `occurrence`: racing writers stamp different times, and
 *   may attribute a webhook to different senders.
 */
export const historyKey = (input: HistoryKeyInput): string => {
  const facts = canonicalJson({
    event: input.event,
    change_id: input.changeId,
    prev: input.prev,
    head_sha: input.headSha ?? null,
    block_hash: input.blockHash ?? null,
    occurrence: input.occurrence ?? {},
  });
  return `${input.event}:${input.changeId}:${sha256Tag(facts).slice('sha256:'.length, 'sha256:'.length + 32)}`;
};
