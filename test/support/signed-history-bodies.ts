import { appendEntry } from '../../src/core/history/append-entry.ts';
import type { HistorySigner } from '../../src/core/history/create-signer.ts';
import type { DraftEntry } from '../../src/core/history/draft-entry.ts';
import { entryHash } from '../../src/core/history/entry-hash.ts';
import type { HistoryEntry } from '../../src/core/history/history-entry.ts';
import { renderHistoryComment } from '../../src/core/history/render-history-comment.ts';

/** One entry to write: what it says and when. */
export interface TimedDraft {
  draft: DraftEntry;
  at: string | Date;
}

/**
 * The bodies of the history comments the app's bot would post for STEPS, in order: each entry chained to the
 * one before and signed by SIGNER, as the app writes them. Seed them with `sim.seedComments`.
 */
export const signedHistoryBodies = (signer: HistorySigner, steps: readonly TimedDraft[]): string[] => {
  const written: Array<{ entry: HistoryEntry; hash: string }> = [];
  return steps.map(({ draft, at }) => {
    const signed = signer.sign(appendEntry({ history: written, draft, at }));
    written.push({ entry: signed.entry, hash: entryHash(signed) });
    return renderHistoryComment({ signed });
  });
};
