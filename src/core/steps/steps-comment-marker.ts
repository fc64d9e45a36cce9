/**
 * The first line of the one comment per change in which the app keeps its task list. Only a comment our
 * app's bot wrote counts: anyone can paste the marker into a comment of their own.
 */
export const STEPS_COMMENT_PREFIX = '<!-- change-gate:steps ';

export const stepsCommentMarker = (changeId: string): string => `${STEPS_COMMENT_PREFIX}${changeId} -->`;

/** Whether `body` is the task-list comment of `changeId` (its author must be checked separately). */
export const isStepsComment = (body: string, changeId: string): boolean =>
  body.startsWith(stepsCommentMarker(changeId));
