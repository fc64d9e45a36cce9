import type { HeadEpoch } from '../approval/approval-input.ts';
import type { ChangeFacts } from './change-facts.ts';
import type { HeadRecord } from './head-records-marker.ts';

/**
 * The head's epoch from what nobody else can write: GitHub's latest force-push (reviews count from it on;
 * comments after it count when it made this commit the head) and the app's own record of when it saw this
 * head (comments with a higher id count). A normal push cannot bring back an earlier head: that needs a
 * force-push, which starts a new epoch.
 */
export const headEpochOf = (
  facts: Pick<ChangeFacts, 'headSha' | 'lastForcePush'>,
  record: HeadRecord | null,
): HeadEpoch => {
  const push = facts.lastForcePush ?? null;
  return {
    reviewsFrom: push?.at ?? null,
    commentsAfter: push !== null && push.after === facts.headSha ? push.at : null,
    commentsAfterId: record?.afterComment ?? null,
  };
};
