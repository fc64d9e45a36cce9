import { errorMessage } from '../github/ports/error-message.ts';
import type { ChangeRef } from '../github/ports/github-port.ts';
import type { DirtyChanges, ReadStart } from './dirty-changes.ts';
import { changeOfDirtyKey } from './evaluation-join-key.ts';
import type { UseCaseLog } from './use-case-log.ts';

/**
 * Thrown by the heal's evaluation when GitHub said, definitely (404 or 410), that the change, its repository or
 * the app's installation is gone: the change's dirty mark is dropped instead of retried. A 5xx, a timeout or
 * any other failure is not this: the mark is retried later.
 */
export class ChangeGoneError extends Error {
  override name = 'ChangeGoneError';
}

/** Why a dirty mark was dropped without being healed. */
export type DroppedMark = { member: string; reason: 'gone' | 'expired' };

export interface HealReport {
  /** Evaluated, and their marks cleared unless an event marked them again meanwhile. */
  healed: string[];
  /** Could not be evaluated: pushed back for a later round (or dropped, see `dropped`). */
  failed: string[];
  /** Dropped unhealed: the change is gone, or it could not be healed for the marks' maximum age. */
  dropped: DroppedMark[];
  /** Listed but left to a later round: claimed by another replica's round, or the round ran out of time. */
  skipped: string[];
}

/** How long a failing change waits before the next try: the first wait, doubled per failure, up to the longest. */
export interface HealBackoff {
  firstDelayMs: number;
  maxDelayMs: number;
}

/** At most this many marks past the maximum age are dropped per round. */
const EXPIRED_PER_ROUND = 1_000;

/**
 * One heal round: every change left dirty longer than `graceMs` (an event no successful evaluation took into
 * account: the replica owning the evaluation that covered it died, or a process crashed with it in flight, or
 * its evaluation failed) is evaluated again, one after the other, and its mark cleared when that evaluation,
 * which began reading after the mark, succeeded.
 *
 * A failure pushes the mark back, longer after each failure in a row (`backoff`), so that changes that cannot
 * be evaluated do not hold the oldest places every round; a change found gone (ChangeGoneError) has its mark
 * dropped, and so has one that could not be healed for the marks' maximum age (a day): each with a warning.
 * A failure of Redis on one mark is logged and the round goes on. A mark that does not name a change (written
 * by something else) is left to expire with the marks' maximum age.
 */
export const healDirtyChanges = async (options: {
  dirty: DirtyChanges;
  graceMs: number;
  /** At most this many changes per round (the oldest first). */
  limit: number;
  backoff: HealBackoff;
  log: Pick<UseCaseLog, 'info' | 'warn'>;
  /**
   * Whether this round may evaluate `member` (absent: yes): replicas whose rounds overlap claim each member, so
   * that two rounds never evaluate the same change at once.
   */
  claim?: (member: string) => Promise<boolean>;
  /**
   * Ends the claim on `member` in `inMs` once it is settled (absent: claims expire): until its retry is due
   * after a failure (the backoff), else for the grace period, so that a failed change is tried again after its
   * backoff rather than once its claim expired, and a round that listed it before it was settled does not
   * evaluate it again meanwhile. Best effort.
   */
  giveBack?: (member: string, inMs: number) => Promise<void>;
  /** Whether the round may start another evaluation (absent: always): a round is bounded by its lease. */
  inTime?: () => boolean;
  /** Evaluates the change as an event would; awaits `onReading` once its lock is taken, before it reads. */
  evaluate: (
    change: { installationId: number; ref: ChangeRef },
    onReading: () => Promise<void>,
  ) => Promise<void>;
  /**
   * Where a change found gone lives now (absent: nowhere): its repository's current name when it was renamed or
   * transferred since the mark was written (marks name the repository as the event spelled it), or null when
   * the repository answers under that name (the change itself is gone) or is gone too. Throws when GitHub
   * cannot tell: the mark is then tried again later, never dropped.
   */
  movedTo?: (change: { installationId: number; ref: ChangeRef }) => Promise<ChangeRef | null>;
}): Promise<HealReport> => {
  const { dirty, log } = options;
  const report: HealReport = { healed: [], failed: [], dropped: [], skipped: [] };
  for (const member of await dirty.expire({ limit: EXPIRED_PER_ROUND })) {
    report.dropped.push({ member, reason: 'expired' });
    log.warn(
      `heal: the dirty mark of ${nameOf(member)} is older than its maximum age and was dropped unhealed (its change is evaluated again at its next event or sweep)`,
    );
  }
  // Once a member is settled (its mark cleared or pushed back); a claim not given back expires by itself.
  const giveBack = async (member: string, inMs: number): Promise<void> => {
    try {
      await options.giveBack?.(member, inMs);
    } catch (error) {
      log.warn(
        `heal: the claim on ${nameOf(member)} could not be given back (it expires by itself): ${errorMessage(error)}`,
      );
    }
  };
  const members = await dirty.stale({ olderThanMs: options.graceMs, limit: options.limit });
  for (const [index, member] of members.entries()) {
    if (options.inTime && !options.inTime()) {
      report.skipped.push(...members.slice(index));
      log.info(`heal: the round ran out of time; ${members.length - index} change(s) left to the next round`);
      break;
    }
    const change = changeOfDirtyKey(member);
    if (change === null) {
      log.warn(`heal: the dirty mark ${JSON.stringify(member)} does not name a change: left to expire`);
      continue;
    }
    const name = nameOf(member);
    try {
      if (options.claim && !(await options.claim(member))) {
        report.skipped.push(member);
        continue;
      }
    } catch (error) {
      report.skipped.push(member);
      log.warn(`heal: ${name} could not be claimed (left to the next round): ${errorMessage(error)}`);
      continue;
    }
    let start: ReadStart | null = null;
    /** The change's new place, or null; when GitHub cannot tell, a failure that keeps the mark (not "gone"). */
    const movedOrThrow = async (gone: ChangeGoneError): Promise<ChangeRef | null> => {
      try {
        return (await options.movedTo?.(change)) ?? null;
      } catch (error) {
        throw new Error(
          `${gone.message}; whether its repository was renamed could not be read: ${errorMessage(error)}`,
          { cause: error },
        );
      }
    };
    const evaluateAt = async (ref: ChangeRef): Promise<void> => {
      const queued = dirty.queue(member, { visible: false });
      await options.evaluate({ installationId: change.installationId, ref }, async () => {
        start ??= await queued.reading();
      });
    };
    try {
      await evaluateAt(change.ref).catch(async (error: unknown) => {
        // A renamed or transferred repository reads as gone under the name its mark was written with.
        const moved = error instanceof ChangeGoneError && options.movedTo ? await movedOrThrow(error) : null;
        if (moved === null) throw error;
        log.info(
          `heal: ${name} is now ${moved.owner}/${moved.repo}#${moved.number} (its repository was renamed or transferred): evaluated under its new name`,
        );
        await evaluateAt(moved);
      });
    } catch (error) {
      await giveBack(member, await settleFailure({ ...options, member, name, error, start, report }));
      continue;
    }
    report.healed.push(member);
    log.info(`heal: ${name} had events no evaluation took into account: evaluated again`);
    const readFrom: ReadStart | null = start;
    if (readFrom !== null) {
      try {
        await dirty.clear(member, readFrom);
      } catch (error) {
        log.warn(
          `heal: the dirty mark of ${name} could not be cleared (evaluated again later): ${errorMessage(error)}`,
        );
      }
    }
    await giveBack(member, options.graceMs);
  }
  return report;
};

const nameOf = (member: string): string => {
  const change = changeOfDirtyKey(member);
  return change === null
    ? JSON.stringify(member)
    : `${change.ref.owner}/${change.ref.repo}#${change.ref.number}`;
};

/**
 * A failed evaluation: the mark is dropped when the change is gone, else pushed back (or dropped, too old).
 * Returns how long the change's claim should still stand: until its retry is due when pushed back; none when
 * the mark stays as it was (tried again next round); else the grace period (an event marks it anew).
 */
const settleFailure = async (options: {
  dirty: DirtyChanges;
  backoff: HealBackoff;
  log: Pick<UseCaseLog, 'info' | 'warn'>;
  member: string;
  name: string;
  error: unknown;
  start: ReadStart | null;
  report: HealReport;
  graceMs: number;
}): Promise<number> => {
  const { dirty, log, member, name, error, report, graceMs } = options;
  report.failed.push(member);
  const why = errorMessage(error);
  try {
    if (error instanceof ChangeGoneError) {
      if (await dirty.forget(member, options.start)) {
        report.dropped.push({ member, reason: 'gone' });
        log.warn(`heal: ${name} is gone (${why}): its dirty mark was dropped`);
      } else {
        log.warn(`heal: ${name} looked gone (${why}), but an event marked it since: its mark stays`);
      }
      return graceMs;
    }
    const retry = await dirty.retryLater(member, options.backoff);
    if (retry.outcome === 'expired') {
      report.dropped.push({ member, reason: 'expired' });
      log.warn(
        `heal: ${name} could not be evaluated for the marks' maximum age (${retry.failures} tries): its dirty mark was dropped unhealed: ${why}`,
      );
      return graceMs;
    }
    if (retry.outcome === 'later') {
      log.warn(
        `heal: ${name} could not be evaluated (try ${retry.failures}; tried again in ${Math.round(retry.delayMs / 1000)} s): ${why}`,
      );
      return retry.delayMs;
    }
    if (retry.outcome === 'cleared') {
      log.warn(`heal: ${name} could not be evaluated, but an evaluation cleared its mark meanwhile: ${why}`);
      return graceMs;
    }
    log.warn(`heal: ${name} could not be evaluated (tried again next round): ${why}`);
  } catch (redisError) {
    log.warn(
      `heal: ${name} could not be evaluated (${why}), and its mark could not be updated (tried again next round): ${errorMessage(redisError)}`,
    );
  }
  return 0;
};
