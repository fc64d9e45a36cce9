import type { HistoryEntry } from '../history/history-entry.ts';
import type { VerifiedEntry } from '../history/verified-entry.ts';

/**
 * What an emergency change deployed before approval still owes, as its signed history shows it: the loop
 * opens with the first `emergency_implemented` after the latest submission and closes with the final
 * `completed` once the retroactive approval and the post-implementation review are both in.
 */
export interface EmergencyLoop {
  /** The `emergency_implemented` entry that opened the loop. */
  implemented: HistoryEntry;
  /** Who may not approve retroactively: whoever deployed it (the entries' actors and the deployments' creators). */
  deployers: string[];
  /** Who confirmed it with `/emergency`; null when no confirmation was required. */
  confirmedBy: string | null;
  /** ISO time the retroactive approval is due; null when unknown. */
  deadline: string | null;
  /** ISO time the post-implementation review is due (`emergency.post_implementation_review_within`); null when unknown. */
  reviewDue: string | null;
  /** The post-implementation review issue recorded for it; null when none is recorded yet. */
  reviewIssue: number | null;
  /** The successful production finish, when recorded (`emergency_implemented` with `finished: true`). */
  finished: HistoryEntry | null;
  retroactivelyApproved: boolean;
  reviewed: boolean;
  /** The final `completed` is recorded: nothing is owed any more. */
  completed: boolean;
}

/** The open or closed emergency loop of a change; null when no emergency deployment before approval is recorded. */
export const emergencyLoop = (entries: readonly Pick<VerifiedEntry, 'entry'>[]): EmergencyLoop | null => {
  const start = entries.findLastIndex(({ entry }) => entry.event === 'submitted');
  let loop: EmergencyLoop | null = null;
  for (const { entry } of entries.slice(Math.max(0, start))) {
    if (entry.event === 'emergency_implemented') {
      loop ??= {
        implemented: entry,
        deployers: [],
        confirmedBy: text(entry.data.confirmed_by),
        deadline: text(entry.data.deadline),
        reviewDue: text(entry.data.review_due),
        reviewIssue: null,
        finished: null,
        retroactivelyApproved: false,
        reviewed: false,
        completed: false,
      };
      for (const login of [entry.actor, text(entry.data.deployer)]) {
        if (login !== null && !loop.deployers.some((known) => known.toLowerCase() === login.toLowerCase()))
          loop.deployers.push(login);
      }
      const issue = entry.data.review_issue;
      if (loop.reviewIssue === null && typeof issue === 'number' && Number.isInteger(issue) && issue > 0)
        loop.reviewIssue = issue;
      if (entry.data.finished === true) loop.finished ??= entry;
    }
    if (loop === null) continue;
    if (entry.event === 'retroactively_approved') loop.retroactivelyApproved = true;
    if (entry.event === 'reviewed') loop.reviewed = true;
    if (entry.event === 'completed') loop.completed = true;
  }
  return loop;
};

/** Everything owed is in: the retroactive approval and the review (the deploy's success aside). */
export const loopSettled = (loop: EmergencyLoop): boolean => loop.retroactivelyApproved && loop.reviewed;

/**
 * The completion rule of an emergency change deployed before approval: `completed` is written once, when the
 * production deploy succeeded, the retroactive approval is in and the review issue was closed, whichever
 * of the three comes last.
 */
export const loopCompletes = (loop: EmergencyLoop): boolean =>
  !loop.completed && loop.finished !== null && loopSettled(loop);

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : null;
