import { errorMessage } from '../github/ports/error-message.ts';
import type { ChangeRef } from '../github/ports/github-port.ts';
import type { DirtyChanges, ReadStart } from './dirty-changes.ts';
import { changeOfDirtyKey } from './evaluation-join-key.ts';
import type { UseCaseLog } from './use-case-log.ts';

export interface HealReport {
  /** Evaluated, and their marks cleared unless an event marked them again meanwhile. */
  healed: string[];
  failed: string[];
}

/**
 * One heal round: every change left dirty longer than `graceMs` (an event no successful evaluation took into
 * account: the replica owning the evaluation that covered it died, or a process crashed with it in flight, or
 * its evaluation failed) is evaluated again, one after the other, and its mark cleared when that evaluation,
 * which began reading after the mark, succeeded. A failure leaves the mark for the next round. A mark that
 * does not name a change (written by something else) is left to expire with the marks' maximum age.
 */
export const healDirtyChanges = async (options: {
  dirty: DirtyChanges;
  graceMs: number;
  /** At most this many changes per round (the oldest first). */
  limit: number;
  log: Pick<UseCaseLog, 'info' | 'warn'>;
  /** Evaluates the change as an event would; awaits `onReading` once its lock is taken, before it reads. */
  evaluate: (
    change: { installationId: number; ref: ChangeRef },
    onReading: () => Promise<void>,
  ) => Promise<void>;
}): Promise<HealReport> => {
  const { dirty, log } = options;
  const report: HealReport = { healed: [], failed: [] };
  const members = await dirty.stale({ olderThanMs: options.graceMs, limit: options.limit });
  for (const member of members) {
    const change = changeOfDirtyKey(member);
    if (change === null) {
      log.warn(`heal: the dirty mark ${JSON.stringify(member)} does not name a change: left to expire`);
      continue;
    }
    const name = `${change.ref.owner}/${change.ref.repo}#${change.ref.number}`;
    let start: ReadStart | null = null;
    try {
      const queued = dirty.queue(member, { visible: false });
      await options.evaluate(change, async () => {
        start = await queued.reading();
      });
    } catch (error) {
      report.failed.push(member);
      log.warn(`heal: ${name} could not be evaluated (tried again next round): ${errorMessage(error)}`);
      continue;
    }
    const readFrom: ReadStart | null = start;
    if (readFrom !== null) await dirty.clear(member, readFrom);
    report.healed.push(member);
    log.info(`heal: ${name} had events no evaluation took into account: evaluated again`);
  }
  return report;
};
