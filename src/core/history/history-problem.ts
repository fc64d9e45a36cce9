import type { MarkerErrorKind } from './parse-history-entries.ts';

/** Where an entry sits: enough for the lead to link the comment and for an auditor to find it. */
export interface EntryRef {
  commentId: number;
  /** Its place in the comment, from 0; absent for the first. */
  index?: number;
  key: string;
  event: string;
}

/**
 * Something in a change's comments that is not trustworthy history. The reader never acts on the entry it
 * names (except `edited` and `broken_chain`, which concern entries that did verify); `message` is for humans.
 */
export type HistoryProblem =
  /** A history marker in a comment not written by the app's own bot account. Ignored. */
  | { kind: 'forged'; commentId: number; author: string; message: string }
  /** A bot comment whose marker cannot be read. Ignored. */
  | { kind: 'malformed'; commentId: number; index?: number; error: MarkerErrorKind; message: string }
  /** A bot comment whose signature does not verify: edited after it was posted. Dropped. */
  | { kind: 'tampered'; commentId: number; index?: number; key: string; message: string }
  /** A bot comment signed by a key none of the verifiers has (rotated away, or not ours). Dropped. */
  | { kind: 'unknown_key'; commentId: number; index?: number; keyId: string; message: string }
  /**
   * A bot comment holding a verified entry of another change: another repository or number (copied there, or
   * carried over by an issue transfer). It never counts for this change.
   */
  | {
      kind: 'foreign';
      commentId: number;
      /** The entry's place in its comment, from 0; absent for the first (as on every problem naming one). */
      index?: number;
      key: string;
      /** Where the entry says it belongs: `owner/repo#number`, or what of that it lacks. */
      belongsTo: string;
      message: string;
    }
  /** A second entry with the key of an earlier one (a race, a redelivery): the first is kept; delete this comment. */
  | {
      kind: 'duplicate';
      key: string;
      keptCommentId: number;
      duplicateCommentId: number;
      duplicateIndex?: number;
      /** `entryHash` of the dropped copy: a record of the chain's head may name it (the racing writer's own). */
      duplicateHash: string;
      message: string;
    }
  /**
   * An entry whose `prev` is not the hash of the entry kept before it. `missing`: an entry in between was
   * deleted (or dropped above as tampered); `fork`: two writers appended to the same entry; `reordered`:
   * it points at an entry posted after it. `before` is null when the gap is at the start.
   */
  | {
      kind: 'broken_chain';
      cause: 'missing' | 'fork' | 'reordered';
      before: EntryRef | null;
      after: EntryRef;
      message: string;
    }
  /** A verified entry whose comment was edited: the signed entry is intact, the visible sentence may not be. */
  | { kind: 'edited'; commentId: number; key: string; message: string };

/** How messages and finding ids name an entry: `1234` for a comment's first, `1234#2` for its second. */
export const entryPlace = (ref: { commentId: number; index?: number }): string =>
  ref.index === undefined || ref.index === 0 ? `${ref.commentId}` : `${ref.commentId}#${ref.index + 1}`;
