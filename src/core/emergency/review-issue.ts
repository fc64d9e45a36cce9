import { escapeMarkdown, mention } from '../text/escape-markdown.ts';

/** An issue as the review loop needs it: who opened it (only our bot's count), its state and who closed it. */
export interface IssueFact {
  number: number;
  /** Login of the issue's author as REST spells it (`change-gate[bot]` for our app). */
  author: string;
  state: 'open' | 'closed';
  /** Who closed it (GitHub's `closed_by`); null while open or when GitHub does not say. */
  closedBy: string | null;
  body: string;
  htmlUrl: string;
}

/** What the app opens after an emergency change was deployed before approval. */
export interface ReviewIssuePlan {
  title: string;
  body: string;
}

const MARKER = /<!-- change-gate:emergency-review #(\d{1,9}) -->/;

const markerOf = (number: number): string => `<!-- change-gate:emergency-review #${number} -->`;

/** The procedure's review of an emergency change ("Emergency Change Process", 3. Review), as a task list. */
export const REVIEW_CHECKLIST = [
  'Review emergency change',
  'Identify root cause',
  'Implement preventive measures',
  'Update procedures if needed',
] as const;

/** The post-implementation review issue of change #`number`, its hidden marker naming the change. */
export const reviewIssuePlan = (options: {
  number: number;
  changeId: string;
  title: string;
  emergencyReason: string | null;
  confirmedBy: string | null;
  deadline: string | null;
  /** When the review is due (`emergency.post_implementation_review_within` after the deployment). */
  reviewDue?: string | null;
}): ReviewIssuePlan => {
  const { number, changeId } = options;
  return {
    title: `Post-implementation review: ${changeId} ${options.title}`.slice(0, 250),
    body: [
      markerOf(number),
      `Emergency change ${changeId} (#${number}) was deployed before approval${options.emergencyReason ? ` (${escapeMarkdown(options.emergencyReason)})` : ''}${options.confirmedBy ? `, confirmed by ${mention(options.confirmedBy)}` : ''}.`,
      '',
      "The procedure's post-implementation review (Emergency Change Process, 3. Review):",
      '',
      ...REVIEW_CHECKLIST.map((item) => `- [ ] ${item}`),
      '',
      `The change is not completed until it is approved retroactively${options.deadline ? ` (due ${options.deadline})` : ''} and this issue is closed. Close it when the review is done${options.reviewDue ? ` (due ${options.reviewDue})` : ''}: closing by the change's author alone does not count.`,
    ].join('\n'),
  };
};

/**
 * The change a review issue belongs to: only an issue our app's bot opened speaks for a change (anyone can
 * copy the marker into an issue of their own). Null otherwise.
 */
export const reviewIssueLinkOf = (
  issue: Pick<IssueFact, 'author' | 'body'>,
  botLogin: string,
): number | null => {
  if (issue.author.toLowerCase() !== botLogin.toLowerCase()) return null;
  const number = Number(MARKER.exec(issue.body ?? '')?.[1]);
  return Number.isInteger(number) && number > 0 ? number : null;
};

/** Among issues, the review issue our bot opened for change #`number` (the oldest, when there are several). */
export const findReviewIssue = (
  issues: readonly IssueFact[],
  options: { number: number; botLogin: string },
): IssueFact | null =>
  [...issues]
    .sort((a, b) => a.number - b.number)
    .find((issue) => reviewIssueLinkOf(issue, options.botLogin) === options.number) ?? null;

/**
 * Whether closing the review issue completes the review: someone other than the change's author (the review
 * is a second look) and other than a bot must close it. Null when it counts, else why not.
 */
export const reviewClosureRefusal = (options: { issue: IssueFact; changeAuthor: string }): string | null => {
  const closer = options.issue.closedBy;
  if (closer === null) return 'GitHub does not say who closed it';
  if (closer.toLowerCase() === options.changeAuthor.toLowerCase())
    return `${mention(closer)} is the author of the change: the post-implementation review needs someone else to close this issue`;
  if (closer.toLowerCase().endsWith('[bot]')) return `${mention(closer)} is an app, not a reviewer`;
  return null;
};
