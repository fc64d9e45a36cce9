import { describe, expect, it } from 'vitest';
import { evaluateApprovals } from '../../../../src/core/approval/evaluate-approvals.ts';
import {
  at,
  BLOCK,
  comment,
  HEAD,
  highChange,
  OLD_BLOCK,
  OLD_SHA,
  review,
  teamRole,
} from './approval-builders.ts';

const approvedBy = (outcome: ReturnType<typeof evaluateApprovals>, role: string): string[] =>
  outcome.roles.find((r) => r.role === role)!.approvedBy.map((a) => a.login);

describe('evaluateApprovals', () => {
  it('members of all required teams approving → approved, with who approved which role on which commit', () => {
    const outcome = evaluateApprovals(
      highChange({
        reviews: [review('alice', 'APPROVED', 1), review('erin', 'APPROVED', 2)],
        comments: [comment('carl', '/approve ship it\n- monitor error rates for 1h', 3)],
      }),
    );
    expect(outcome.state).toBe('approved');
    expect(outcome.roles.map((r) => [r.role, r.approvedBy.map((a) => a.login), r.missing])).toEqual([
      ['security-team', ['alice'], 0],
      ['engineering-manager', ['erin'], 0],
      ['change-manager', ['carl'], 0],
    ]);
    const carl = outcome.roles[2]!.approvedBy[0]!;
    expect(carl).toEqual({
      login: 'carl',
      at: at(3),
      via: 'command',
      sha: HEAD,
      conditions: ['monitor error rates for 1h'],
      comment: 'ship it',
    });
    expect(outcome.roles[0]!.approvedBy[0]!.sha).toBe(HEAD);
    expect(outcome.conditions).toEqual(['monitor error rates for 1h']);
    expect(outcome.approvedAt).toBe(at(3));
    expect(outcome.ignored).toEqual([]);
  });

  it('one missing role → pending, and the role says how many approvals it misses', () => {
    const outcome = evaluateApprovals(
      highChange({ reviews: [review('alice', 'APPROVED', 1), review('erin', 'APPROVED', 2)] }),
    );
    expect(outcome.state).toBe('pending');
    expect(outcome.roles.map((r) => r.missing)).toEqual([0, 0, 1]);
    expect(outcome.approvedAt).toBeNull();
  });

  it("the author's approval does not count, even spelled in another case", () => {
    const outcome = evaluateApprovals(
      highChange({
        author: 'Carl',
        reviews: [
          review('alice', 'APPROVED', 1),
          review('erin', 'APPROVED', 2),
          review('carl', 'APPROVED', 3),
        ],
      }),
    );
    expect(outcome.state).toBe('pending');
    expect(approvedBy(outcome, 'change-manager')).toEqual([]);
    expect(outcome.ignored).toEqual([
      expect.objectContaining({ login: 'carl', reason: 'author', detail: expect.stringContaining('author') }),
    ]);
  });

  it("an excluded person's approval (e.g. the deployer owing retro-approval) does not count", () => {
    const outcome = evaluateApprovals(
      highChange({
        excluded: ['ERIN'],
        reviews: [
          review('alice', 'APPROVED', 1),
          review('erin', 'APPROVED', 2),
          review('carl', 'APPROVED', 3),
        ],
      }),
    );
    expect(outcome.state).toBe('pending');
    expect(outcome.ignored.map((i) => [i.login, i.reason])).toEqual([['erin', 'excluded']]);
  });

  it("a non-member's approval does not count", () => {
    const outcome = evaluateApprovals(
      highChange({
        reviews: [
          review('alice', 'APPROVED', 1),
          review('erin', 'APPROVED', 2),
          review('mallory', 'APPROVED', 3),
        ],
      }),
    );
    expect(outcome.state).toBe('pending');
    expect(outcome.ignored.map((i) => [i.login, i.reason])).toEqual([['mallory', 'not_a_holder']]);
  });

  it('logins match team members case-insensitively', () => {
    const outcome = evaluateApprovals(
      highChange({
        reviews: [
          review('Alice', 'APPROVED', 1),
          review('ERIN', 'APPROVED', 2),
          review('Carl', 'APPROVED', 3),
        ],
      }),
    );
    expect(outcome.state).toBe('approved');
  });

  it('a role held by listed users counts their approval', () => {
    const outcome = evaluateApprovals(
      highChange({
        roles: [{ name: 'change-manager', holders: { teams: [], users: ['Zoe'] } }],
        comments: [comment('zoe', '/approve', 1)],
      }),
    );
    expect(outcome.state).toBe('approved');
  });

  it('one person in two teams satisfies only one role', () => {
    const outcome = evaluateApprovals(
      highChange({
        teamMembers: {
          'security-team': ['alice'],
          'engineering-manager': ['alice'],
          'change-manager': ['carl'],
        },
        reviews: [review('alice', 'APPROVED', 1), review('carl', 'APPROVED', 2)],
      }),
    );
    expect(outcome.state).toBe('pending');
    expect(outcome.roles.map((r) => r.missing)).toEqual([0, 1, 0]);
    expect(outcome.ignored).toEqual([
      expect.objectContaining({
        login: 'alice',
        reason: 'already_counted',
        detail: expect.stringContaining('already counts for security-team'),
      }),
    ]);
  });

  it('one person may satisfy several roles when one_role_per_person is off', () => {
    const outcome = evaluateApprovals(
      highChange({
        teamMembers: {
          'security-team': ['alice'],
          'engineering-manager': ['alice'],
          'change-manager': ['carl'],
        },
        reviews: [review('alice', 'APPROVED', 1), review('carl', 'APPROVED', 2)],
        rules: { approvals_per_role: 1, one_role_per_person: false, stages: [] },
      }),
    );
    expect(outcome.state).toBe('approved');
    expect(approvedBy(outcome, 'engineering-manager')).toEqual(['alice']);
  });

  it('matching prefers satisfying more roles: A in X and Y, B only in X → A to Y, B to X, whatever the order', () => {
    for (const reviews of [
      [review('a', 'APPROVED', 1), review('b', 'APPROVED', 2)],
      [review('b', 'APPROVED', 1), review('a', 'APPROVED', 2)],
    ]) {
      const outcome = evaluateApprovals(
        highChange({
          roles: [teamRole('x'), teamRole('y')],
          teamMembers: { x: ['a', 'b'], y: ['a'] },
          reviews,
        }),
      );
      expect(outcome.state).toBe('approved');
      expect([approvedBy(outcome, 'x'), approvedBy(outcome, 'y')]).toEqual([['b'], ['a']]);
    }
  });

  it('approvals_per_role 2 needs two distinct holders per role', () => {
    const rules = { approvals_per_role: 2, one_role_per_person: true, stages: [] };
    const roles = [teamRole('security-team')];
    const one = evaluateApprovals(highChange({ roles, rules, reviews: [review('alice', 'APPROVED', 1)] }));
    expect(one.state).toBe('pending');
    expect(one.roles[0]!.missing).toBe(1);
    const sameTwice = evaluateApprovals(
      highChange({
        roles,
        rules,
        reviews: [review('alice', 'APPROVED', 1)],
        comments: [comment('ALICE', '/approve', 2)],
      }),
    );
    expect(sameTwice.state).toBe('pending');
    const two = evaluateApprovals(
      highChange({ roles, rules, reviews: [review('alice', 'APPROVED', 1), review('sam', 'APPROVED', 2)] }),
    );
    expect(two.state).toBe('approved');
    expect(two.roles[0]!.approvedBy.map((a) => a.login)).toEqual(['alice', 'sam']);
  });

  it('an approval given before a new push (stale SHA) does not count', () => {
    const outcome = evaluateApprovals(
      highChange({
        reviews: [
          review('alice', 'APPROVED', 1, { commitId: OLD_SHA }),
          review('erin', 'APPROVED', 2),
          review('carl', 'APPROVED', 3),
        ],
      }),
    );
    expect(outcome.state).toBe('pending');
    expect(outcome.ignored).toEqual([
      expect.objectContaining({
        login: 'alice',
        reason: 'stale_sha',
        detail: "@alice's approval was given on a1b2c3d, before the latest push (the head is now 9f8e7d6)",
      }),
    ]);
  });

  it('a /approve comment posted before the head commit was pushed does not count; one after does', () => {
    const base = {
      reviews: [review('alice', 'APPROVED', 1), review('erin', 'APPROVED', 2)],
      headEpoch: { reviewsFrom: null, commentsAfter: at(10), commentsAfterId: null },
    };
    const before = evaluateApprovals(highChange({ ...base, comments: [comment('carl', '/approve', 5)] }));
    expect(before.state).toBe('pending');
    expect(before.ignored.map((i) => i.reason)).toEqual(['stale_sha']);
    // The same second as the push is not after it: the order inside a second is unknown.
    const same = evaluateApprovals(highChange({ ...base, comments: [comment('carl', '/approve', 10)] }));
    expect(same.state).toBe('pending');
    const after = evaluateApprovals(highChange({ ...base, comments: [comment('carl', '/approve', 11)] }));
    expect(after.state).toBe('approved');
  });

  it('a /approve comment on a PR does not count while the time of the head push is unknown', () => {
    const outcome = evaluateApprovals(
      highChange({
        headEpoch: null,
        reviews: [review('alice', 'APPROVED', 1), review('erin', 'APPROVED', 2)],
        comments: [comment('carl', '/approve', 5)],
      }),
    );
    expect(outcome.state).toBe('pending');
    expect(outcome.ignored).toEqual([
      expect.objectContaining({ reason: 'stale_sha', detail: expect.stringContaining('became the head') }),
    ]);
  });

  it('an approval given before the block changed (priority high → low) is voided', () => {
    const outcome = evaluateApprovals(
      highChange({
        roles: [teamRole('change-manager')],
        blockTimeline: [
          { at: at(-120), hash: OLD_BLOCK },
          { at: at(30), hash: BLOCK },
        ],
        reviews: [review('carl', 'APPROVED', 10)],
      }),
    );
    expect(outcome.state).toBe('pending');
    expect(outcome.ignored).toEqual([
      expect.objectContaining({
        login: 'carl',
        reason: 'stale_block',
        detail: expect.stringContaining('edited'),
      }),
    ]);
  });

  it('an approval after the block edit counts; one before the first timeline entry does not', () => {
    const timeline = [
      { at: at(0), hash: OLD_BLOCK },
      { at: at(30), hash: BLOCK },
    ];
    const roles = [teamRole('change-manager')];
    expect(
      evaluateApprovals(
        highChange({ roles, blockTimeline: timeline, reviews: [review('carl', 'APPROVED', 30)] }),
      ).state,
    ).toBe('approved');
    const early = evaluateApprovals(highChange({ roles, reviews: [review('carl', 'APPROVED', -500)] }));
    expect(early.state).toBe('pending');
    expect(early.ignored[0]!.reason).toBe('stale_block');
  });

  it('an edit back to the approved block does not revive approvals given on an intermediate version', () => {
    const timeline = [
      { at: at(0), hash: BLOCK },
      { at: at(10), hash: OLD_BLOCK },
      { at: at(20), hash: BLOCK },
    ];
    const roles = [teamRole('change-manager')];
    const during = evaluateApprovals(
      highChange({ roles, blockTimeline: timeline, reviews: [review('carl', 'APPROVED', 15)] }),
    );
    expect(during.state).toBe('pending');
    const beforeAll = evaluateApprovals(
      highChange({ roles, blockTimeline: timeline, reviews: [review('carl', 'APPROVED', 5)] }),
    );
    expect(beforeAll.state).toBe('approved');
  });

  it('two timeline entries at the same instant with different hashes void an approval at that instant', () => {
    const timeline = [
      { at: at(0), hash: OLD_BLOCK },
      { at: at(0), hash: BLOCK },
    ];
    const outcome = evaluateApprovals(
      highChange({
        roles: [teamRole('change-manager')],
        blockTimeline: timeline,
        reviews: [review('carl', 'APPROVED', 5)],
      }),
    );
    expect(outcome.state).toBe('pending');
  });

  it('an unreadable time in the block timeline voids every approval (fail closed)', () => {
    const outcome = evaluateApprovals(
      highChange({
        roles: [teamRole('change-manager')],
        blockTimeline: [
          { at: at(-120), hash: BLOCK },
          { at: 'yesterday', hash: OLD_BLOCK },
        ],
        reviews: [review('carl', 'APPROVED', 5)],
      }),
    );
    expect(outcome.state).toBe('pending');
    expect(outcome.ignored[0]!.detail).toContain('unreadable time');
  });

  it('an edited /approve comment does not count', () => {
    const outcome = evaluateApprovals(
      highChange({
        roles: [teamRole('change-manager')],
        comments: [comment('carl', '/approve', 5, { edited: true, updatedAt: at(6) })],
      }),
    );
    expect(outcome.state).toBe('pending');
    expect(outcome.ignored.map((i) => [i.login, i.reason])).toEqual([['carl', 'edited']]);
  });

  it('an edited /reject still rejects: counting it can only block', () => {
    const outcome = evaluateApprovals(
      highChange({
        roles: [teamRole('change-manager')],
        reviews: [review('erin', 'APPROVED', 1)],
        comments: [comment('carl', '/reject not in the freeze', 5, { edited: true })],
      }),
    );
    expect(outcome.state).toBe('rejected');
  });

  it('bot comments are never commands', () => {
    const outcome = evaluateApprovals(
      highChange({
        roles: [{ name: 'change-manager', holders: { teams: [], users: ['change-gate[bot]'] } }],
        comments: [comment('change-gate[bot]', '/approve', 5, { authorIsBot: true })],
      }),
    );
    expect(outcome.state).toBe('pending');
    expect(outcome.ignored).toEqual([]);
  });

  it('quoted, fenced and mid-comment /approve do not count', () => {
    const outcome = evaluateApprovals(
      highChange({
        roles: [teamRole('change-manager')],
        comments: [
          comment('carl', '> /approve', 1),
          comment('carl', '```\n/approve\n```', 2),
          comment('carl', 'I will /approve later', 3),
          comment('carl', 'LGTM\n/approve', 4),
        ],
      }),
    );
    expect(outcome.state).toBe('pending');
  });

  it('CHANGES_REQUESTED by a holder of a required role rejects the change, with who and why', () => {
    const outcome = evaluateApprovals(
      highChange({
        reviews: [
          review('alice', 'APPROVED', 1),
          review('erin', 'APPROVED', 2),
          review('carl', 'APPROVED', 3),
          review('sam', 'CHANGES_REQUESTED', 4, { body: 'the rollback plan is missing' }),
        ],
      }),
    );
    expect(outcome.state).toBe('rejected');
    expect(outcome.rejections).toEqual([
      {
        login: 'sam',
        roles: ['security-team'],
        at: at(4),
        via: 'review',
        reason: 'the rollback plan is missing',
        recorded: false,
      },
    ]);
  });

  it('a rejection is withdrawn by a later approval of the same person', () => {
    const outcome = evaluateApprovals(
      highChange({
        reviews: [
          review('alice', 'APPROVED', 1),
          review('erin', 'CHANGES_REQUESTED', 2),
          review('carl', 'APPROVED', 3),
        ],
        comments: [comment('erin', '/approve fixed now', 4)],
      }),
    );
    expect(outcome.state).toBe('approved');
    expect(outcome.rejections).toEqual([]);
  });

  it('among the live votes, a dismissed review no longer rejects (the signed history keeps it: see standing-rejections)', () => {
    const rejected = evaluateApprovals(
      highChange({
        reviews: [
          review('alice', 'APPROVED', 1),
          review('erin', 'APPROVED', 2),
          review('carl', 'APPROVED', 3),
        ],
        comments: [comment('sam', '/reject not tested on staging', 4)],
      }),
    );
    expect(rejected.state).toBe('rejected');
    expect(rejected.rejections[0]).toMatchObject({
      login: 'sam',
      via: 'command',
      reason: 'not tested on staging',
    });
    const dismissed = evaluateApprovals(
      highChange({
        reviews: [
          review('alice', 'APPROVED', 1),
          review('erin', 'APPROVED', 2),
          review('carl', 'APPROVED', 3),
          review('sam', 'DISMISSED', 4),
        ],
      }),
    );
    expect(dismissed.state).toBe('approved');
  });

  it("a later rejection withdraws the same person's approval; a dismissal cancels an approval", () => {
    const rejectedAfter = evaluateApprovals(
      highChange({
        roles: [teamRole('change-manager')],
        reviews: [review('carl', 'APPROVED', 1)],
        comments: [comment('carl', '/reject wait for the freeze to end', 2)],
      }),
    );
    expect(rejectedAfter.state).toBe('rejected');
    const dismissed = evaluateApprovals(
      highChange({ roles: [teamRole('change-manager')], reviews: [review('carl', 'DISMISSED', 1)] }),
    );
    expect(dismissed.state).toBe('pending');
  });

  it("a COMMENTED review does not change the reviewer's state", () => {
    const outcome = evaluateApprovals(
      highChange({
        roles: [teamRole('change-manager')],
        reviews: [review('carl', 'CHANGES_REQUESTED', 1), review('carl', 'COMMENTED', 2)],
      }),
    );
    expect(outcome.state).toBe('rejected');
  });

  it('/reject without a reason still rejects, and says no reason was given', () => {
    const outcome = evaluateApprovals(highChange({ comments: [comment('carl', '/reject', 2)] }));
    expect(outcome.state).toBe('rejected');
    expect(outcome.rejections[0]!.reason).toBe('(no reason given)');
  });

  it("a non-holder's rejection does not reject, and is listed as not counted", () => {
    const outcome = evaluateApprovals(
      highChange({
        reviews: [
          review('alice', 'APPROVED', 1),
          review('erin', 'APPROVED', 2),
          review('carl', 'APPROVED', 3),
        ],
        comments: [comment('mallory', '/reject because I can', 4)],
      }),
    );
    expect(outcome.state).toBe('approved');
    expect(outcome.ignored.map((i) => [i.login, i.reason])).toEqual([['mallory', 'not_a_holder']]);
  });

  it('/approve on an issue-based change (no head SHA) counts, bound to the block only', () => {
    const outcome = evaluateApprovals(
      highChange({
        roles: [teamRole('change-manager')],
        headSha: null,
        headEpoch: null,
        comments: [comment('carl', '/approve\n- do it in the maintenance window', 5)],
      }),
    );
    expect(outcome.state).toBe('approved');
    expect(outcome.roles[0]!.approvedBy[0]).toMatchObject({ login: 'carl', via: 'command', sha: null });
    expect(outcome.conditions).toEqual(['do it in the maintenance window']);
  });

  it('an unreadable team contributes nobody and the outcome says so (fail closed)', () => {
    const outcome = evaluateApprovals(
      highChange({
        teamMembers: { 'security-team': null, 'engineering-manager': ['erin'] },
        reviews: [
          review('alice', 'APPROVED', 1),
          review('erin', 'APPROVED', 2),
          review('carl', 'APPROVED', 3),
        ],
      }),
    );
    expect(outcome.state).toBe('pending');
    expect(outcome.unreadableTeams).toEqual(['security-team', 'change-manager']);
    expect(outcome.ignored.map((i) => [i.login, i.reason])).toEqual([
      ['alice', 'team_unreadable'],
      ['carl', 'team_unreadable'],
    ]);
  });

  it('a rejection by someone who may be in an unreadable team keeps the change from being approved', () => {
    const outcome = evaluateApprovals(
      highChange({
        roles: [{ name: 'change-manager', holders: { teams: ['change-manager'], users: ['zoe'] } }],
        teamMembers: { 'change-manager': null },
        comments: [comment('zoe', '/approve', 1), comment('carl', '/reject no', 2)],
      }),
    );
    expect(outcome.state).toBe('pending');
    expect(outcome.roles[0]!.missing).toBe(0);
    expect(outcome.ignored).toEqual([expect.objectContaining({ login: 'carl', reason: 'team_unreadable' })]);
  });

  it('a team whose slug is missing from teamMembers (even a prototype key) counts nobody', () => {
    const outcome = evaluateApprovals(
      highChange({
        roles: [teamRole('constructor')],
        teamMembers: {},
        reviews: [review('alice', 'APPROVED', 1)],
      }),
    );
    expect(outcome.state).toBe('pending');
    expect(outcome.unreadableTeams).toEqual(['constructor']);
  });

  it('no required role → never approved here', () => {
    const outcome = evaluateApprovals(highChange({ roles: [], reviews: [review('alice', 'APPROVED', 1)] }));
    expect(outcome.state).toBe('pending');
  });

  it('approvals_per_role 0 or garbage still needs one approval', () => {
    for (const approvals_per_role of [0, -3, Number.NaN]) {
      const outcome = evaluateApprovals(
        highChange({
          roles: [teamRole('change-manager')],
          rules: { approvals_per_role, one_role_per_person: true, stages: [] },
        }),
      );
      expect(outcome.state).toBe('pending');
      expect(outcome.roles[0]!.missing).toBe(1);
    }
  });

  it('a re-approval after a stale one counts, and the stale one is not listed', () => {
    const outcome = evaluateApprovals(
      highChange({
        roles: [teamRole('change-manager')],
        reviews: [review('carl', 'APPROVED', 1, { commitId: OLD_SHA }), review('carl', 'APPROVED', 2)],
      }),
    );
    expect(outcome.state).toBe('approved');
    expect(outcome.ignored).toEqual([]);
  });

  it('an earlier approval on the current commit still counts when a later /approve cannot be tied to it', () => {
    const outcome = evaluateApprovals(
      highChange({
        roles: [teamRole('change-manager')],
        headEpoch: null,
        reviews: [review('carl', 'APPROVED', 1)],
        comments: [comment('carl', '/approve\n- keep an eye on latency', 2)],
      }),
    );
    expect(outcome.state).toBe('approved');
    expect(outcome.roles[0]!.approvedBy[0]).toMatchObject({ via: 'review', at: at(1) });
  });

  it('unreadable approval times never count', () => {
    const outcome = evaluateApprovals(
      highChange({
        roles: [teamRole('change-manager')],
        reviews: [review('carl', 'APPROVED', 1, { submittedAt: 'soon' })],
      }),
    );
    expect(outcome.state).toBe('pending');
    expect(outcome.ignored[0]!.reason).toBe('stale_block');
  });
});

describe('evaluateApprovals with stages', () => {
  const stages = [
    { name: 'technical', roles: ['engineering-manager'] },
    { name: 'security', roles: ['security-team'] },
    { name: 'final', roles: ['change-manager'] },
  ];
  const rules = { approvals_per_role: 1, one_role_per_person: true, stages };

  it('approvals in stage order → approved, and each role names its stage', () => {
    const outcome = evaluateApprovals(
      highChange({
        rules,
        reviews: [
          review('erin', 'APPROVED', 1),
          review('alice', 'APPROVED', 2),
          review('carl', 'APPROVED', 3),
        ],
      }),
    );
    expect(outcome.state).toBe('approved');
    expect(outcome.roles.map((r) => r.stage)).toEqual(['security', 'technical', 'final']);
  });

  it('a later stage approval given before the earlier stages were complete does not count', () => {
    const outcome = evaluateApprovals(
      highChange({
        rules,
        reviews: [
          review('carl', 'APPROVED', 1),
          review('erin', 'APPROVED', 2),
          review('alice', 'APPROVED', 3),
        ],
      }),
    );
    expect(outcome.state).toBe('pending');
    expect(outcome.roles.map((r) => [r.role, r.missing])).toEqual([
      ['security-team', 0],
      ['engineering-manager', 0],
      ['change-manager', 1],
    ]);
    expect(outcome.ignored).toEqual([
      expect.objectContaining({
        login: 'carl',
        reason: 'stage_not_reached',
        detail: expect.stringContaining(`earlier approval stages were complete (at ${at(3)})`),
      }),
    ]);
  });

  it('approving again after the earlier stages completed counts', () => {
    const outcome = evaluateApprovals(
      highChange({
        rules,
        reviews: [
          review('carl', 'APPROVED', 1),
          review('erin', 'APPROVED', 2),
          review('alice', 'APPROVED', 3),
        ],
        comments: [comment('carl', '/approve', 4)],
      }),
    );
    expect(outcome.state).toBe('approved');
    expect(outcome.roles[2]!.approvedBy[0]).toMatchObject({ login: 'carl', via: 'command', at: at(4) });
    expect(outcome.approvedAt).toBe(at(4));
  });

  it('a later stage approval at the very instant the earlier stages completed counts (at or after)', () => {
    const outcome = evaluateApprovals(
      highChange({
        rules,
        reviews: [
          review('erin', 'APPROVED', 1),
          review('alice', 'APPROVED', 3),
          review('carl', 'APPROVED', 3),
        ],
      }),
    );
    expect(outcome.state).toBe('approved');
  });

  it('a later stage waits while an earlier stage is incomplete', () => {
    const outcome = evaluateApprovals(highChange({ rules, reviews: [review('alice', 'APPROVED', 2)] }));
    expect(outcome.state).toBe('pending');
    expect(outcome.ignored).toEqual([
      expect.objectContaining({
        login: 'alice',
        reason: 'stage_not_reached',
        detail: expect.stringContaining('are not complete'),
      }),
    ]);
  });

  it("a role's own stage field wins and an unlisted stage comes after the listed ones", () => {
    const outcome = evaluateApprovals(
      highChange({
        roles: [teamRole('change-manager', 'late'), teamRole('engineering-manager')],
        rules: {
          approvals_per_role: 1,
          one_role_per_person: true,
          stages: [{ name: 'technical', roles: ['engineering-manager'] }],
        },
        reviews: [review('carl', 'APPROVED', 1), review('erin', 'APPROVED', 2)],
      }),
    );
    expect(outcome.state).toBe('pending');
    expect(outcome.ignored.map((i) => [i.login, i.reason])).toEqual([['carl', 'stage_not_reached']]);
  });

  it('roles without a stage count at any time', () => {
    const outcome = evaluateApprovals(
      highChange({
        rules: { approvals_per_role: 1, one_role_per_person: true, stages: [stages[0]!, stages[2]!] },
        reviews: [
          review('alice', 'APPROVED', 0),
          review('erin', 'APPROVED', 1),
          review('carl', 'APPROVED', 2),
        ],
      }),
    );
    expect(outcome.state).toBe('approved');
    expect(outcome.roles[0]!.stage).toBeUndefined();
  });

  it('a rejection from a later-stage role rejects even before its stage is reached', () => {
    const outcome = evaluateApprovals(
      highChange({ rules, comments: [comment('carl', '/reject too risky', 1)] }),
    );
    expect(outcome.state).toBe('rejected');
  });
});
