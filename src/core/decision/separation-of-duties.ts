import type { ApprovalInput } from '../approval/approval-input.ts';
import type { Policy } from '../policy/policy.ts';
import type { ChangeFacts } from './change-facts.ts';

/**
 * Separation of duties beyond the author (DESIGN, trust model): whoever authored, co-authored or committed
 * a commit of the pull request cannot approve it (which also covers the person on whose behalf a bot opened
 * it with their commits). When the commits could not all be read, nobody's approval counts. The policy's
 * `separation_of_duties.exclude_commit_authors: false` relaxes it. Whoever filed the change through the REST
 * API (any of its signed `requested` entries) never approves it, whatever the policy says; a change the app opened
 * whose requester is not recorded is approved by nobody.
 */
export const separationOfDuties = (
  policy: Pick<Policy, 'separation_of_duties'>,
  facts: Pick<ChangeFacts, 'commitAuthors' | 'requester' | 'requesters'>,
): Pick<ApprovalInput, 'excluded' | 'excludeEveryone'> => {
  if (facts.requester === null) {
    return {
      excludeEveryone:
        'cannot approve: the app filed this change and who requested it is not recorded in its history',
    };
  }
  const logins = [...(facts.requesters ?? []), ...(facts.requester ? [facts.requester] : [])];
  const requester = logins
    .filter(
      (login, index) => logins.findIndex((other) => other.toLowerCase() === login.toLowerCase()) === index,
    )
    .map((login) => ({
      login,
      reason: 'requested this change (through the REST API), so they cannot approve it',
    }));
  if (!policy.separation_of_duties.exclude_commit_authors)
    return requester.length ? { excluded: requester } : {};
  if (facts.commitAuthors === null) {
    return {
      excludeEveryone:
        'cannot approve: not every commit of this pull request could be read, so who authored them is unknown',
    };
  }
  return {
    excluded: [
      ...requester,
      ...(facts.commitAuthors ?? []).map((login) => ({
        login,
        reason:
          'authored or committed commits in this pull request, so they cannot approve it (separation of duties, see separation_of_duties.exclude_commit_authors)',
      })),
    ],
  };
};
