import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApprovalInput } from '../../../../src/core/approval/approval-input.ts';
import { evaluateApprovals } from '../../../../src/core/approval/evaluate-approvals.ts';
import type { CommentFact, ReviewFact } from '../../../../src/core/decision/change-facts.ts';
import { at, BLOCK, HEAD, OLD_BLOCK, OLD_SHA } from './approval-builders.ts';

// A small world so that generated events collide: shared teams, the author inside a team, ties in time.
const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin', 'Author', 'nina', 'Alice', 'BOB'];
const TEAMS = ['x', 'y', 'z'];
const TIMES = [-5, 0, 1, 2, 3, 4, 5, 6];

const membersArb = fc.record({
  x: fc.option(fc.subarray(['alice', 'bob', 'author', 'carol'], { minLength: 2 }), { nil: null, freq: 15 }),
  y: fc.option(fc.subarray(['alice', 'dave', 'AUTHOR'], { minLength: 2 }), { nil: null, freq: 15 }),
  z: fc.option(fc.subarray(['carol', 'erin', 'bob'], { minLength: 2 }), { nil: null, freq: 15 }),
});

const reviewArb = fc.record({
  author: fc.constantFrom(...PEOPLE),
  state: fc.constantFrom<ReviewFact['state']>(
    'APPROVED',
    'APPROVED',
    'CHANGES_REQUESTED',
    'COMMENTED',
    'DISMISSED',
  ),
  minutes: fc.constantFrom(...TIMES),
  stale: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
});

const commentArb = fc.record({
  author: fc.constantFrom(...PEOPLE),
  body: fc.oneof(
    {
      arbitrary: fc.constantFrom('/approve', '/approve ok\n- watch it', '/APPROVE\n- one\n- two'),
      weight: 8,
    },
    { arbitrary: fc.constantFrom('/reject no', '/reject', '> /approve'), weight: 1 },
    { arbitrary: fc.string({ maxLength: 30 }), weight: 1 },
  ),
  minutes: fc.constantFrom(...TIMES),
  edited: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  bot: fc.boolean(),
});

const inputArb = fc
  .record({
    members: membersArb,
    roleTeams: fc.subarray(TEAMS, { minLength: 1 }),
    reviews: fc.array(reviewArb, { maxLength: 12 }),
    comments: fc.array(commentArb, { maxLength: 8 }),
    need: fc.constantFrom(1, 1, 2),
    oneRolePerPerson: fc.boolean(),
    staged: fc.boolean(),
    blockEditedAt: fc.oneof(
      { arbitrary: fc.constant(null), weight: 3 },
      { arbitrary: fc.constantFrom(...TIMES), weight: 1 },
    ),
    headShaSince: fc.oneof(
      { arbitrary: fc.constant(-10), weight: 3 },
      { arbitrary: fc.constant(null), weight: 1 },
      { arbitrary: fc.constantFrom(...TIMES), weight: 1 },
    ),
    issue: fc.boolean(),
  })
  .map((g): ApprovalInput => {
    let id = 1;
    const reviews: ReviewFact[] = g.issue
      ? []
      : g.reviews.map((r) => ({
          id: id++,
          author: r.author,
          state: r.state,
          submittedAt: at(r.minutes),
          commitId: r.stale ? OLD_SHA : HEAD,
          body: '',
        }));
    const comments: CommentFact[] = g.comments.map((c) => ({
      id: id++,
      author: c.author,
      authorIsBot: c.bot && c.author === 'nina',
      body: c.body,
      createdAt: at(c.minutes),
      updatedAt: at(c.minutes),
      edited: c.edited && c.author !== 'alice',
    }));
    return {
      roles: g.roleTeams.map((team) => ({
        name: team,
        holders: { teams: [team], users: team === 'z' ? ['nina'] : [] },
      })),
      teamMembers: g.members,
      author: 'author',
      excluded: ['erin'].filter(() => g.staged),
      reviews,
      comments,
      headSha: g.issue ? null : HEAD,
      headEpoch:
        g.headShaSince === null
          ? null
          : { reviewsFrom: null, commentsAfter: at(g.headShaSince), commentsAfterId: null },
      blockHash: BLOCK,
      blockTimeline:
        g.blockEditedAt === null
          ? [{ at: at(-10), hash: BLOCK }]
          : [
              { at: at(-10), hash: OLD_BLOCK },
              { at: at(g.blockEditedAt), hash: BLOCK },
            ],
      rules: {
        approvals_per_role: g.need,
        one_role_per_person: g.oneRolePerPerson,
        stages: g.staged ? g.roleTeams.map((team) => ({ name: `stage-${team}`, roles: [team] })) : [],
      },
    };
  });

function shuffle<T>(items: T[], keys: number[]): T[] {
  return items
    .map((item, index) => ({ item, key: keys[index % Math.max(1, keys.length)]! * 1000 + index }))
    .sort((a, b) => a.key - b.key)
    .map((entry) => entry.item);
}

const isApproval = (event: ReviewFact | CommentFact): boolean =>
  'state' in event ? event.state === 'APPROVED' : /^\s{0,3}\/approve/i.test(event.body);

describe('evaluateApprovals properties', () => {
  it('the outcome does not depend on the order of reviews and comments', () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 20 }),
        (input, keys) => {
          const reordered = {
            ...input,
            reviews: shuffle(input.reviews, keys).reverse(),
            comments: shuffle(input.comments, [...keys].reverse()),
          };
          expect(evaluateApprovals(reordered)).toEqual(evaluateApprovals(input));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('removing an approval never turns "not approved" into "approved"', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), (input, pick) => {
        const events = [...input.reviews, ...input.comments];
        const approvals = events.filter(isApproval);
        fc.pre(approvals.length > 0);
        const removed = approvals[pick % approvals.length]!;
        const without = {
          ...input,
          reviews: input.reviews.filter((event) => event !== removed),
          comments: input.comments.filter((event) => event !== removed),
        };
        if (evaluateApprovals(input).state !== 'approved') {
          expect(evaluateApprovals(without).state).not.toBe('approved');
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("adding a non-holder's approval never changes the state", () => {
    fc.assert(
      fc.property(inputArb, fc.constantFrom(...TIMES), fc.boolean(), (input, minutes, asReview) => {
        const before = evaluateApprovals(input).state;
        const withOutsider: ApprovalInput = asReview
          ? {
              ...input,
              reviews: [
                ...input.reviews,
                {
                  id: 9001,
                  author: 'newcomer',
                  state: 'APPROVED',
                  submittedAt: at(minutes),
                  commitId: HEAD,
                  body: '',
                },
              ],
            }
          : {
              ...input,
              comments: [
                ...input.comments,
                {
                  id: 9002,
                  author: 'newcomer',
                  authorIsBot: false,
                  body: '/approve',
                  createdAt: at(minutes),
                  updatedAt: at(minutes),
                  edited: false,
                },
              ],
            };
        expect(evaluateApprovals(withOutsider).state).toBe(before);
      }),
      { numRuns: 500 },
    );
  });

  it('the author never appears in approvedBy, even as a team member', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const outcome = evaluateApprovals(input);
        for (const role of outcome.roles) {
          for (const approval of role.approvedBy) expect(approval.login.toLowerCase()).not.toBe('author');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('an approved outcome is backed by enough distinct holders per role, disjoint when one role per person', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const outcome = evaluateApprovals(input);
        const counted = outcome.roles.flatMap((role) =>
          role.approvedBy.map((approval) => approval.login.toLowerCase()),
        );
        for (const role of outcome.roles) {
          const logins = role.approvedBy.map((approval) => approval.login.toLowerCase());
          expect(new Set(logins).size).toBe(logins.length);
          const team = input.teamMembers[role.role];
          const users = role.holders.users.map((user) => user.toLowerCase());
          for (const login of logins) {
            expect(users.includes(login) || (team ?? []).map((m) => m.toLowerCase()).includes(login)).toBe(
              true,
            );
            expect(input.excluded ?? []).not.toContain(login);
          }
          if (outcome.state === 'approved')
            expect(logins.length).toBeGreaterThanOrEqual(input.rules.approvals_per_role);
        }
        if (input.rules.one_role_per_person) expect(new Set(counted).size).toBe(counted.length);
        if (outcome.state === 'approved') expect(outcome.rejections).toEqual([]);
        expect(outcome.approvedAt === null).toBe(outcome.state !== 'approved');
      }),
      { numRuns: 500 },
    );
  });
});
