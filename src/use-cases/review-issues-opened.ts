/**
 * The review issues this process opened, by change (`owner/repo#number`): GitHub's list of the bot's issues
 * may not show one opened a moment ago (a retry after a failed history write, the read again without the
 * replicas' lock), and the change would then get a second one.
 */
export interface ReviewIssuesOpened {
  recall(change: string): number | undefined;
  remember(change: string, issue: number): void;
}

/** In this process's memory, at most `capacity` changes, the oldest forgotten first. */
export const createReviewIssuesOpened = (capacity = 1_000): ReviewIssuesOpened => {
  const opened = new Map<string, number>();
  return {
    recall: (change) => opened.get(change),
    remember(change, issue) {
      opened.delete(change);
      opened.set(change, issue);
      if (opened.size > capacity) opened.delete(opened.keys().next().value as string);
    },
  };
};
