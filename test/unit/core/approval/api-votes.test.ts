import { describe, expect, it } from 'vitest';
import type { ApiVote } from '../../../../src/core/approval/approval-input.ts';
import { evaluateApprovals } from '../../../../src/core/approval/evaluate-approvals.ts';
import type { ChangeFacts } from '../../../../src/core/decision/change-facts.ts';
import { separationOfDuties } from '../../../../src/core/decision/separation-of-duties.ts';
import { withRequester } from '../../../../src/core/decision/with-requester.ts';
import type { VerifiedEntry } from '../../../../src/core/history/verified-entry.ts';
import { at, BLOCK, HEAD, highChange, OLD_BLOCK, OLD_SHA, review } from './approval-builders.ts';

const vote = (login: string, minutes: number, overrides: Partial<ApiVote> = {}): ApiVote => ({
  login,
  approved: true,
  at: at(minutes),
  id: 1000 + minutes,
  headSha: HEAD,
  blockHash: BLOCK,
  comment: '',
  conditions: [],
  ...overrides,
});

const approvedBy = (outcome: ReturnType<typeof evaluateApprovals>) =>
  Object.fromEntries(
    outcome.roles.map((role) => [role.role, role.approvedBy.map((a) => `${a.login}/${a.via}`)]),
  );

describe('approvals given through the REST API (signed `voted` entries)', () => {
  it('count like a review, for the roles the voter holds only, with their conditions', () => {
    const outcome = evaluateApprovals(
      highChange({
        apiVotes: [
          vote('sam', 1, { conditions: ['test in staging first'] }),
          vote('erin', 2),
          vote('carl', 3),
        ],
      }),
    );
    expect(outcome.state).toBe('approved');
    expect(approvedBy(outcome)).toEqual({
      'security-team': ['sam/api'],
      'engineering-manager': ['erin/api'],
      'change-manager': ['carl/api'],
    });
    expect(outcome.conditions).toEqual(['test in staging first']);
    expect(outcome.roles[0]!.approvedBy[0]!.sha).toBe(HEAD);
  });

  it('a non-holder and the author count for nothing, and say why', () => {
    const outcome = evaluateApprovals(highChange({ apiVotes: [vote('mallory', 1), vote('dev', 2)] }));
    expect(outcome.state).toBe('pending');
    expect(outcome.ignored.map((item) => [item.login, item.via, item.reason])).toEqual([
      ['mallory', 'api', 'not_a_holder'],
      ['dev', 'api', 'author'],
    ]);
  });

  it('an approval recorded on another head or block does not count (no replay after a push or an edit)', () => {
    const outcome = evaluateApprovals(
      highChange({
        apiVotes: [
          vote('sam', 1, { headSha: OLD_SHA }),
          vote('erin', 2, { blockHash: OLD_BLOCK }),
          vote('carl', 3),
        ],
      }),
    );
    expect(approvedBy(outcome)).toEqual({
      'security-team': [],
      'engineering-manager': [],
      'change-manager': ['carl/api'],
    });
    expect(outcome.ignored.map((item) => [item.login, item.reason])).toEqual([
      ['sam', 'stale_sha'],
      ['erin', 'stale_block'],
    ]);
  });

  it('one given before a force-push back to the same head does not count', () => {
    const outcome = evaluateApprovals(
      highChange({
        apiVotes: [vote('sam', 1)],
        headEpoch: { reviewsFrom: at(5), commentsAfter: at(5), commentsAfterId: null },
      }),
    );
    expect(outcome.ignored.map((item) => [item.login, item.reason])).toEqual([['sam', 'stale_sha']]);
  });

  it('`approved: false` by a holder rejects; a later review approval by the same person lifts it', () => {
    const rejected = evaluateApprovals(
      highChange({ apiVotes: [vote('sam', 1, { approved: false, comment: 'no' })] }),
    );
    expect(rejected.state).toBe('rejected');
    expect(rejected.rejections).toEqual([
      expect.objectContaining({ login: 'sam', via: 'api', reason: 'no', roles: ['security-team'] }),
    ]);
    const lifted = evaluateApprovals(
      highChange({
        apiVotes: [vote('sam', 1, { approved: false })],
        reviews: [review('sam', 'APPROVED', 2)],
      }),
    );
    expect(lifted.state).toBe('pending');
    expect(lifted.rejections).toEqual([]);
  });

  it('an issue-based change (no head): binds to the block only', () => {
    const outcome = evaluateApprovals(
      highChange({ headSha: null, headEpoch: null, apiVotes: [vote('carl', 1, { headSha: null })] }),
    );
    expect(approvedBy(outcome)['change-manager']).toEqual(['carl/api']);
  });
});

describe('separationOfDuties and the requester', () => {
  const policy = { separation_of_duties: { exclude_commit_authors: false } };
  it('the recorded requester is excluded whatever the policy says', () => {
    expect(separationOfDuties(policy, { requester: 'olive' }).excluded).toEqual([
      { login: 'olive', reason: expect.stringMatching(/requested this change/) },
    ]);
  });
  it('an issue the app opened without a recorded requester: nobody approves', () => {
    expect(separationOfDuties(policy, { requester: null }).excludeEveryone).toMatch(/not recorded/);
  });
  it('without a requester nothing changes', () => {
    expect(separationOfDuties(policy, {})).toEqual({});
  });
});

describe('every filer of a change is excluded, not only the latest', () => {
  const requested = (actor: string, commentId: number) =>
    ({
      commentId,
      entry: { event: 'requested', actor, data: {} },
      signed: {},
      hash: String(commentId),
    }) as unknown as VerifiedEntry;
  const facts = { author: 'dev', commitAuthors: [] } as unknown as ChangeFacts;
  const policy = { separation_of_duties: { exclude_commit_authors: false } };

  it('a second `requested` entry by someone else does not lift the first filer’s exclusion', () => {
    const withBoth = withRequester(
      facts,
      [requested('olive', 1), requested('mallory', 2)],
      'change-gate[bot]',
    );
    expect(withBoth.requesters).toEqual(['olive', 'mallory']);
    expect(
      separationOfDuties(policy, withBoth).excluded?.map((item) =>
        typeof item === 'string' ? item : item.login,
      ),
    ).toEqual(['olive', 'mallory']);
  });

  it('one filer twice (any case) is listed once', () => {
    const twice = withRequester(facts, [requested('olive', 1), requested('Olive', 2)], 'change-gate[bot]');
    expect(
      separationOfDuties(policy, twice).excluded?.map((item) =>
        typeof item === 'string' ? item : item.login,
      ),
    ).toEqual(['olive']);
  });
});
