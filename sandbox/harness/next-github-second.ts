/**
 * Waits until the clock is in a later whole second than now. GitHub stamps reviews and comments with whole
 * seconds, and Change Gate orders nothing inside a second (fail closed: an approval stamped with the second
 * in which the change request was recorded counts as given before it). A scenario that approves right after
 * the submission waits for this first, as a person would take longer than that anyway. At most a second.
 */
export const nextGitHubSecond = async (): Promise<void> => {
  const now = Date.now();
  const wait = 1_000 - (now % 1_000) + 5;
  await new Promise((resolve) => setTimeout(resolve, wait));
};
