import { describe, expect, it } from 'vitest';
import {
  findReviewIssue,
  type IssueFact,
  reviewClosureRefusal,
  reviewIssueLinkOf,
  reviewIssuePlan,
} from '../../../../src/core/emergency/review-issue.ts';

const BOT = 'change-gate[bot]';
const plan = reviewIssuePlan({
  number: 7,
  changeId: 'CHG-2026-007',
  title: 'Restore checkout',
  emergencyReason: 'system_outage',
  confirmedBy: 'lee',
  deadline: '2026-07-01T13:00:00Z',
});
const issue = (overrides: Partial<IssueFact> = {}): IssueFact => ({
  number: 8,
  author: BOT,
  state: 'open',
  closedBy: null,
  body: plan.body,
  htmlUrl: 'https://github.com/acme/shop/issues/8',
  ...overrides,
});

describe('the post-implementation review issue', () => {
  it("carries the procedure's review checklist and links the change", () => {
    expect(plan.title).toContain('CHG-2026-007');
    expect(plan.body).toContain('(#7)');
    for (const item of [
      'Review emergency change',
      'Identify root cause',
      'Implement preventive measures',
      'Update procedures if needed',
    ])
      expect(plan.body).toContain(`- [ ] ${item}`);
  });

  it('speaks for the change only when our bot opened it', () => {
    expect(reviewIssueLinkOf(issue(), BOT)).toBe(7);
    expect(reviewIssueLinkOf(issue({ author: 'mallory' }), BOT)).toBeNull();
    expect(reviewIssueLinkOf(issue({ author: 'other-app[bot]' }), BOT)).toBeNull();
    expect(reviewIssueLinkOf(issue({ body: 'no marker' }), BOT)).toBeNull();
    const forged = issue({ number: 5, author: 'mallory' });
    expect(findReviewIssue([forged, issue()], { number: 7, botLogin: BOT })?.number).toBe(8);
    expect(findReviewIssue([forged], { number: 7, botLogin: BOT })).toBeNull();
  });

  it("counts a closing by anyone but the change's author or a bot", () => {
    expect(
      reviewClosureRefusal({ issue: issue({ state: 'closed', closedBy: 'carl' }), changeAuthor: 'dana' }),
    ).toBeNull();
    expect(
      reviewClosureRefusal({ issue: issue({ state: 'closed', closedBy: 'Dana' }), changeAuthor: 'dana' }),
    ).toMatch(/author of the change/);
    expect(
      reviewClosureRefusal({
        issue: issue({ state: 'closed', closedBy: 'some-app[bot]' }),
        changeAuthor: 'dana',
      }),
    ).toMatch(/an app/);
    expect(reviewClosureRefusal({ issue: issue({ state: 'closed' }), changeAuthor: 'dana' })).toMatch(
      /does not say/,
    );
  });
});
