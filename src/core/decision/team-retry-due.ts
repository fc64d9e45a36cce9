import type { ApprovalOutcome } from '../approval/approval-outcome.ts';
import type { ChangeFacts } from './change-facts.ts';
import { readDueMarker } from './due-marker.ts';
import { STATUS_COMMENT_MARKER } from './status-comment-marker.ts';

/** How soon a change is due again when a team it needs could not be read: the next sweep after that reads it. */
export const TEAM_RETRY_MS = 60_000;

/** The due time GitHub shows for the change now (our run on the head, or the status comment); null = none. */
const shownDue = (options: {
  facts: Pick<ChangeFacts, 'kind' | 'headSha' | 'checkRuns' | 'comments'>;
  app: { id: number; botLogin: string };
  checkName: string;
}): string | null => {
  const { facts, app } = options;
  if (facts.kind === 'pull_request') {
    const ours = facts.checkRuns
      .filter(
        (run) => run.appId === app.id && run.name === options.checkName && run.headSha === facts.headSha,
      )
      .sort((a, b) => b.id - a.id)[0];
    return readDueMarker(ours?.outputSummary ?? null)?.due ?? null;
  }
  const bot = app.botLogin.toLowerCase();
  const status = facts.comments.findLast(
    (comment) =>
      comment.authorIsBot &&
      String(comment.author).toLowerCase() === bot &&
      comment.body.startsWith(STATUS_COMMENT_MARKER),
  );
  return readDueMarker(status?.body ?? null)?.due ?? null;
};

/**
 * When the change must be evaluated again because a team of a required role could not be read (GitHub answered
 * 5xx, a rate limit, nothing, or the team is missing): that team counts nobody for now (fail closed), so an
 * approval from one of its members waits; the change is due within TEAM_RETRY_MS, so the sweep counts it once
 * GitHub answers, without waiting for another event. A due time GitHub already shows that is no later is kept:
 * while GitHub still fails, each retry finds the check as it was and writes nothing. Null when every team was
 * read, or the owner is a user account (which has no teams: nothing to retry).
 */
export const teamRetryDue = (options: {
  facts: Pick<ChangeFacts, 'kind' | 'headSha' | 'checkRuns' | 'comments' | 'ownerIsOrg'>;
  approval: Pick<ApprovalOutcome, 'unreadableTeams'> | null;
  app: { id: number; botLogin: string };
  checkName: string;
  now: Date;
}): string | null => {
  if (!options.facts.ownerIsOrg || (options.approval?.unreadableTeams.length ?? 0) === 0) return null;
  const retry = options.now.getTime() + TEAM_RETRY_MS;
  const shown = shownDue(options);
  return shown !== null && Date.parse(shown) <= retry ? shown : new Date(retry).toISOString();
};
