import type { HistoryEntry, SignedEntry } from './history-entry.ts';

/** A history entry read from a bot comment whose signature verified with a known key. */
export interface VerifiedEntry {
  /** The issue comment that carries it. */
  commentId: number;
  /** Its place in that comment, from 0 (an apply writes its entries in one comment); absent for the first. */
  index?: number;
  entry: HistoryEntry;
  signed: SignedEntry;
  /** `entryHash(signed)`: the `prev` of the entry that follows it. */
  hash: string;
}
