import { markdownLine } from '../text/escape-markdown.ts';
import { describeEntry } from './describe-entry.ts';
import type { SignedEntry } from './history-entry.ts';
import { HISTORY_MARKER_PREFIX, historyMarker, MAX_MARKER_PAYLOAD } from './history-marker.ts';
import { signedEntryProblem } from './signed-entry-problem.ts';

const MAX_SENTENCE = 1000;

export interface RenderHistoryCommentOptions {
  signed: SignedEntry;
  /** The visible Markdown sentence; default `describeEntry(signed.entry)`. */
  sentence?: string;
}

/**
 * The body of the comment that records one history entry:
 *
 *     **CHG-2026-012** submitted by @alice — needs security-team, engineering-manager, change-manager
 *
 *     <!-- change-gate:history v1 eyJlbnRyeSI6… -->
 *
 * Throws a TypeError for an entry a reader would reject (never publish what cannot be read back).
 */
export const renderHistoryComment = ({ signed, sentence }: RenderHistoryCommentOptions): string => {
  const problem = signedEntryProblem(signed);
  if (problem !== null) throw new TypeError(`renderHistoryComment: ${problem.path}: ${problem.message}`);
  const marker = historyMarker(signed);
  if (marker.length - HISTORY_MARKER_PREFIX.length > MAX_MARKER_PAYLOAD) {
    throw new RangeError(`renderHistoryComment: the entry is too large to be read back; shorten its data`);
  }
  // One line and no HTML whatever the caller passes: the sentence can hold no second, forged marker.
  const text =
    markdownLine(sentence ?? describeEntry(signed.entry), MAX_SENTENCE) ||
    markdownLine(describeEntry(signed.entry), MAX_SENTENCE);
  return `${text}\n\n${marker}\n`;
};
