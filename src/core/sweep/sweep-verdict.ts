import { readCoveredPulls } from '../decision/covered-pulls-marker.ts';
import { readDueMarker } from '../decision/due-marker.ts';
import { STATUS_COMMENT_MARKER } from '../decision/evaluation-context.ts';
import type { OpenChange } from './open-change.ts';

/** Why the sweep evaluates a change again; null = it does not need to. */
export type SweepReason =
  | 'no check run'
  | 'check not on the head'
  | 'no status comment'
  | 'no due marker'
  | 'escalation due';

/**
 * Whether an open change needs an evaluation now: our check run on a pull request's head (our status
 * comment on an issue) is missing, covers another pull request, carries no due marker (cannot tell: due), or
 * its due time has come. A missed webhook shows as a check that is missing or on an older head.
 */
export const sweepReason = (
  change: OpenChange,
  options: { now: Date; botLogin: string },
): SweepReason | null => {
  let text: string;
  if (change.kind === 'pull_request') {
    const covering = change.checkSummaries.filter((summary) =>
      (readCoveredPulls(summary) ?? []).includes(change.number),
    );
    if (change.checkSummaries.length === 0) return 'no check run';
    if (covering.length === 0) return 'check not on the head';
    text = covering.at(-1) as string;
  } else {
    // GraphQL spells an app's login without `[bot]`.
    const bot = options.botLogin.replace(/\[bot\]$/, '').toLowerCase();
    const status = change.recentComments.findLast(
      (comment) => comment.author?.toLowerCase() === bot && comment.body.startsWith(STATUS_COMMENT_MARKER),
    );
    if (!status) return 'no status comment';
    text = status.body;
  }
  const marker = readDueMarker(text);
  if (marker === null) return 'no due marker';
  return marker.due !== null && Date.parse(marker.due) <= options.now.getTime() ? 'escalation due' : null;
};

/** The open changes the sweep reconciles, each with its reason, in search order. */
export const pickDueChanges = (
  changes: readonly OpenChange[],
  options: { now: Date; botLogin: string },
): Array<{ change: OpenChange; reason: SweepReason }> =>
  changes.flatMap((change) => {
    const reason = sweepReason(change, options);
    return reason === null ? [] : [{ change, reason }];
  });
