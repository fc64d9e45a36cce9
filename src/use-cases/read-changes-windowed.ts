import {
  type CreatedWindow,
  MAX_SEARCH_RESULTS,
  searchTime,
  splitCreatedWindow,
  toSecond,
} from '../core/report/created-window.ts';
import type { ChangeSearchQuery, FoundChange, ReportSourcePort } from '../github/ports/report-source-port.ts';

/** How far a read has come: searches made, changes read, and how many the first search counted in all. */
export interface ReadProgress {
  pages: number;
  changes: number;
  /** The first search's issueCount for each read begun so far; null before the first answer. */
  total: number | null;
}

/** A change read whole: where it lives, its number, creation time, what the search said of it, every comment. */
export type ReadChange = Omit<FoundChange, 'commentsComplete'>;

/** A window's search did not read what it counted: nothing is reported on part of the changes. */
export class IncompleteReadError extends Error {
  override name = 'IncompleteReadError';
}

const describeWindow = (window: CreatedWindow): string =>
  `created ${window.from === null ? 'before' : `from ${searchTime(window.from)} to`} ${searchTime(window.to)}`;

/**
 * Every change matching `query` (without its creation window), page by page (100 changes a search), as few
 * searches as GitHub allows: GitHub's search pages through 1,000 results at most, so the creation times are
 * cut into windows (see `splitCreatedWindow`) until each window's issueCount is at most 1,000, and each window
 * is read to its end. A window that returns fewer changes than it counts, or loses some while it is read,
 * throws IncompleteReadError; a thread longer than its page is read again whole. Each page is handed over as
 * soon as it is read and nothing of it is kept but the keys of the current window's changes.
 */
export async function* readChangesWindowed(options: {
  port: Pick<ReportSourcePort, 'searchChanges' | 'readComments'>;
  query: Omit<ChangeSearchQuery, 'created'>;
  /** Epoch ms: changes created at or after it are cut finely (the read's start; most changes are after it). */
  anchor: number;
  /** Epoch ms: only changes created before it. */
  createdBefore: number;
  progress: ReadProgress;
  onProgress?: (progress: ReadProgress) => void;
}): AsyncGenerator<ReadChange[]> {
  const { port, progress } = options;
  const anchor = toSecond(options.anchor);
  const windows: CreatedWindow[] = [{ from: null, to: toSecond(options.createdBefore + 999) }];
  let first = true;
  const searchOf = (window: CreatedWindow): ChangeSearchQuery => ({
    ...options.query,
    created: { from: window.from === null ? null : searchTime(window.from), to: searchTime(window.to) },
  });
  while (windows.length > 0) {
    const window = windows.pop() as CreatedWindow;
    const search = searchOf(window);
    let page = await port.searchChanges(search, null);
    progress.pages += 1;
    if (first) {
      progress.total = (progress.total ?? 0) + page.issueCount;
      first = false;
    }
    options.onProgress?.(progress);
    if (page.issueCount > MAX_SEARCH_RESULTS) {
      const halves = splitCreatedWindow(window, anchor);
      if (halves === null)
        throw new IncompleteReadError(
          `${page.issueCount} changes were ${describeWindow(window)}: more than the ${MAX_SEARCH_RESULTS} GitHub's search returns for one second`,
        );
      // The older half on top: windows are read oldest first.
      windows.push(halves[1], halves[0]);
      continue;
    }
    const counted = page.issueCount;
    const seen = new Set<string>();
    for (;;) {
      const fresh = page.changes.filter((change) => {
        const key = `${change.repository}#${change.number}`.toLowerCase();
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      const read: ReadChange[] = [];
      for (const { commentsComplete, ...change } of fresh) {
        if (commentsComplete) {
          read.push(change);
          continue;
        }
        const [owner = '', repo = ''] = change.repository.split('/');
        const whole = await port.readComments({ owner, repo, number: change.number });
        read.push({ ...change, comments: whole.comments });
      }
      progress.changes += read.length;
      options.onProgress?.(progress);
      yield read;
      if (page.next === null) break;
      page = await port.searchChanges(search, page.next);
      progress.pages += 1;
      options.onProgress?.(progress);
    }
    if (seen.size < page.issueCount || page.issueCount < counted)
      throw new IncompleteReadError(
        `GitHub's search counted ${counted} changes ${describeWindow(window)} but returned ${seen.size}${page.issueCount === counted ? '' : ` (${page.issueCount} by the end)`}: changes moved while they were read; run the report again`,
      );
  }
}
