import type { ChangeRef } from '../github/ports/github-port.ts';

/** The keyed-lock key of one change: every writer of its history (reconcile, deployment records) uses it. */
export const changeLockKey = (ref: ChangeRef): string =>
  `${ref.owner}/${ref.repo}#${ref.number}`.toLowerCase();
