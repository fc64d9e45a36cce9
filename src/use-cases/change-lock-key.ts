import type { ChangeRef } from '../github/ports/github-port.ts';

/**
 * The keyed-lock key every writer of a change's check and history takes (reconcile, deployment records):
 * the repository, not the change. Pull requests that share a head commit share one check run, and each
 * evaluation writes it from the facts of all of them: evaluated one after the other, the last write is
 * always from the newest facts, never a stale combination that an earlier, slower evaluation put back.
 * Writes to one installation are spaced by GitHub's throttle anyway, so little is lost.
 */
export const changeLockKey = (ref: Pick<ChangeRef, 'owner' | 'repo'>): string =>
  `${ref.owner}/${ref.repo}`.toLowerCase();
