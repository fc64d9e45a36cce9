import { parseDuration } from '../text/parse-duration.ts';

/** The default of `review_after`, used when the configured value cannot be read. */
const DEFAULT_REVIEW_AFTER = '30d';

/**
 * The procedure's `next_review` of a change completed at `completedAt`: `review_after` (a duration, default
 * 30d) later, as a UTC date `YYYY-MM-DD`.
 */
export const nextReviewDate = (options: { completedAt: Date; reviewAfter: string }): string => {
  let after: number;
  try {
    after = parseDuration(options.reviewAfter);
  } catch {
    after = parseDuration(DEFAULT_REVIEW_AFTER);
  }
  return new Date(options.completedAt.getTime() + after).toISOString().slice(0, 10);
};
