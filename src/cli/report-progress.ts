import cliProgress from 'cli-progress';
import type { ReadProgress } from '../use-cases/read-changes-windowed.ts';

/** What `change-gate report` tells of a long read while it runs. */
export interface ReportProgress {
  update(progress: ReadProgress): void;
  stop(): void;
}

/** A stream a progress bar may draw on: a terminal (`isTTY`), or anything else, where nothing is drawn. */
export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

const SILENT: ReportProgress = { update: () => {}, stop: () => {} };

/**
 * A progress bar on `stream` (standard error) when it is a terminal: changes read of what GitHub's search
 * counts, and the searches made; nothing at all when it is not (a pipe, a file, CI logs, the tests), so the
 * report's output and its error lines stay clean. `cli-progress` draws it and clears it when the read ends.
 */
export const reportProgress = (stream: ProgressStream): ReportProgress => {
  if (stream.isTTY !== true) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'Reading changes |{bar}| {value}/{total} changes · {pages} searches',
      hideCursor: true,
      clearOnComplete: true,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(progress) {
      const total = Math.max(progress.total ?? 0, progress.changes);
      if (!started) {
        bar.start(total, progress.changes, { pages: progress.pages });
        started = true;
        return;
      }
      bar.setTotal(total);
      bar.update(progress.changes, { pages: progress.pages });
    },
    stop() {
      if (started) bar.stop();
    },
  };
};
