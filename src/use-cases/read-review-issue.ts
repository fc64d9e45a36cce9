import { emergencyLoop } from '../core/emergency/emergency-loop.ts';
import { findReviewIssue, type IssueFact } from '../core/emergency/review-issue.ts';
import type { VerifiedEntry } from '../core/history/verified-entry.ts';
import type { ChangeRef } from '../github/ports/github-port.ts';
import type { ReviewIssuePort } from '../github/ports/review-issue-port.ts';

/**
 * The post-implementation review issue of an emergency change whose loop is open: the one its history
 * records, else the one our bot opened with the change's marker (a write lost before its entry). No read
 * at all for other changes. The evaluation checks again that our bot opened it.
 */
export const readReviewIssue = async (options: {
  port: ReviewIssuePort | undefined;
  ref: ChangeRef;
  entries: readonly VerifiedEntry[];
  botLogin: string;
}): Promise<IssueFact | null> => {
  const { port, ref } = options;
  const loop = emergencyLoop(options.entries);
  if (!port || loop === null || loop.completed || loop.reviewed) return null;
  if (loop.reviewIssue !== null) return port.readIssue({ ...ref, number: loop.reviewIssue });
  const repo = { owner: ref.owner, repo: ref.repo };
  return findReviewIssue(await port.issuesOpenedBy(repo, options.botLogin), {
    number: ref.number,
    botLogin: options.botLogin,
  });
};
