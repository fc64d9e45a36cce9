import type { CommentEdit } from '../core/decision/evaluation-context.ts';
import type { ChangeRef } from '../github/ports/github-port.ts';

/**
 * The key under which an event's evaluation may join another (JoinableEvaluations), or null when the event
 * must be evaluated on its own. Only an event whose whole work is a re-read of GitHub's state may join:
 * - everything else the evaluation depends on is in the key: the installation (whose token reads) and the
 *   change;
 * - not the sender, although the evaluation's actor (its owner's sender) is the actor of the history entries
 *   it records: an evaluation queued for one sender reads after a later event of another sender arrived
 *   whether or not that event joins it, so it records what that event changed, in its owner's name, either
 *   way; the second evaluation joining saves finds nothing left to record. Outside entries (and the ticks of
 *   a steps-comment edit, below) an evaluation does not depend on its actor;
 * - an edit of the app's steps comment carries ticks the re-read cannot see (`changes.body.from`), by its
 *   sender: never.
 * Commands, protection rule callbacks and deployment statuses do not come through here at all.
 */
export const evaluationJoinKey = (options: {
  installationId: number | null;
  ref: ChangeRef;
  commentEdit?: CommentEdit;
}): string | null => {
  if (options.commentEdit !== undefined) return null;
  const { ref } = options;
  return JSON.stringify([
    options.installationId,
    ref.owner.toLowerCase(),
    ref.repo.toLowerCase(),
    ref.number,
  ]);
};

/**
 * How a change is named in the dirty marks (DirtyChanges): installation, owner, repository and number as the
 * event spelled them (GitHub's own case, which the heal round evaluates under), or null without an
 * installation.
 */
export const dirtyChangeKey = (options: { installationId: number | null; ref: ChangeRef }): string | null =>
  options.installationId === null
    ? null
    : JSON.stringify([options.installationId, options.ref.owner, options.ref.repo, options.ref.number]);

/** The change a dirty mark names (read back from Redis), or null when it is not one. */
export const changeOfDirtyKey = (key: string): { installationId: number; ref: ChangeRef } | null => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(key);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) return null;
  const [installationId, owner, repo, number] = parsed as unknown[];
  const whole = (value: unknown): value is number =>
    typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
  if (!whole(installationId) || !whole(number)) return null;
  if (typeof owner !== 'string' || typeof repo !== 'string' || owner === '' || repo === '') return null;
  return { installationId, ref: { owner, repo, number } };
};
