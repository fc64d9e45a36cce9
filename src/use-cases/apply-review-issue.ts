import type { Decision } from '../core/decision/decision.ts';
import { findReviewIssue } from '../core/emergency/review-issue.ts';
import type { ChangeRef } from '../github/ports/github-port.ts';
import type { ReviewIssuePort } from '../github/ports/review-issue-port.ts';
import type { ReviewIssuesOpened } from './review-issues-opened.ts';

/**
 * The review-issue writes of a decision, before its history: opens the post-implementation review issue
 * (idempotent: one our bot opened for this change is reused) and names it in the decision's
 * `emergency_implemented` entries, so the history records the issue; reopens one whose closing did not
 * count, with the reason. Returns the decision to apply, and whether an issue was opened or reopened (a write
 * that reconcileChange counts as one: without the replicas' lock, it reads again). GitHub's list may not show
 * an issue opened a moment ago: one this process opened for the change (`opened`) is read by its number
 * then, and reused if it still is our bot's review issue of the change (a deleted or rewritten one is not).
 * Without a port (tests), the decision as it is.
 */
export const applyReviewIssue = async (options: {
  port: ReviewIssuePort | undefined;
  ref: ChangeRef;
  botLogin: string;
  decision: Decision;
  /** The review issues this process opened; absent = only GitHub's list is asked. */
  opened?: ReviewIssuesOpened;
}): Promise<{ decision: Decision; wrote: boolean }> => {
  const { port, ref, decision } = options;
  if (!port) return { decision, wrote: false };
  const repo = { owner: ref.owner, repo: ref.repo };
  let wrote = false;
  if (decision.reopenReviewIssue) {
    const { number, comment } = decision.reopenReviewIssue;
    await port.reopenIssue({ ...repo, number }, comment);
    wrote = true;
  }
  if (!decision.reviewIssue) return { decision, wrote };
  const ours = { number: ref.number, botLogin: options.botLogin };
  const change = `${ref.owner}/${ref.repo}#${ref.number}`.toLowerCase();
  let issue = findReviewIssue(await port.issuesOpenedBy(repo, options.botLogin), ours);
  const remembered = issue ? undefined : options.opened?.recall(change);
  if (remembered !== undefined) {
    const read = await port.readIssue({ ...repo, number: remembered });
    // The issue itself, not one it was transferred to (GitHub redirects there, under its new number).
    issue = read?.number === remembered ? findReviewIssue([read], ours) : null;
  }
  if (!issue) {
    issue = await port.createIssue(repo, decision.reviewIssue);
    options.opened?.remember(change, issue.number);
    wrote = true;
  }
  const { number } = issue;
  return {
    decision: {
      ...decision,
      history: decision.history.map((draft) =>
        draft.event === 'emergency_implemented'
          ? { ...draft, data: { ...draft.data, review_issue: number } }
          : draft,
      ),
    },
    wrote,
  };
};
