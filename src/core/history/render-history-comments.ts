import { MAX_ENTRIES_PER_COMMENT } from './parse-history-entries.ts';
import { type RenderHistoryCommentOptions, renderHistoryComment } from './render-history-comment.ts';

/** Longest body we post: GitHub keeps 65,536 characters. */
export const MAX_HISTORY_COMMENT = 65_000;

/**
 * The bodies of the comments that record `items` (entries already signed and chained, in order): as few as
 * fit, so that an apply recording several entries posts one comment. Each entry keeps its own sentence and
 * marker, in order, so a comment reads as the lines it records:
 *
 *     **CHG-2026-012** implementing by @alice — deploy to production
 *
 *     <!-- change-gate:history v1 eyJlbnRyeSI6… -->
 *
 *     **CHG-2026-012** step "deployed to production" done by @alice
 *
 *     <!-- change-gate:history v1 eyJlbnRyeSI6… -->
 *
 * A single entry renders exactly as `renderHistoryComment`. Throws as it does for an entry a reader would reject.
 */
export const renderHistoryComments = (
  items: readonly RenderHistoryCommentOptions[],
): Array<{ body: string; entries: number }> => {
  const bodies: Array<{ body: string; entries: number }> = [];
  let parts: string[] = [];
  let length = 0;
  for (const item of items) {
    const part = renderHistoryComment(item);
    const full = parts.length === MAX_ENTRIES_PER_COMMENT || length + 1 + part.length > MAX_HISTORY_COMMENT;
    if (parts.length > 0 && full) {
      bodies.push({ body: parts.join('\n'), entries: parts.length });
      parts = [];
      length = 0;
    }
    parts.push(part);
    length += part.length + 1;
  }
  if (parts.length > 0) bodies.push({ body: parts.join('\n'), entries: parts.length });
  return bodies;
};
