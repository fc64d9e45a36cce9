import { describe, expect, it } from 'vitest';
import type { ApprovalOutcome } from '../../../../src/core/approval/approval-outcome.ts';
import { evaluateApprovals } from '../../../../src/core/approval/evaluate-approvals.ts';
import { renderApprovalTable } from '../../../../src/core/approval/render-approval-table.ts';
import { at, comment, highChange, OLD_SHA, review } from './approval-builders.ts';

describe('renderApprovalTable', () => {
  it('shows each role, its holders, who approved on which commit, and what is missing', () => {
    const outcome = evaluateApprovals(
      highChange({
        roles: [
          { name: 'security-team', holders: { teams: ['security-team'], users: [] } },
          { name: 'engineering-manager', holders: { teams: ['engineering-manager'], users: ['bob'] } },
          { name: 'change-manager', holders: { teams: ['change-manager'], users: [] } },
        ],
        reviews: [
          review('alice', 'APPROVED', 1),
          review('erin', 'APPROVED', 2, { commitId: OLD_SHA }),
          review('dev', 'APPROVED', 3),
        ],
        comments: [comment('carl', '/approve\n- watch the error rate', 4)],
      }),
    );
    const markdown = renderApprovalTable(outcome, { deadline: at(24 * 60) });
    expect(markdown).toContain('**Waiting for approval:** 1 approval missing.');
    expect(markdown).toContain('| Role | Held by | Approved by | Missing |');
    expect(markdown).toContain(
      '| security\\-team | team security\\-team | @alice (review on `9f8e7d6`, 2025-01-27 10:01 UTC) | ✅ none |',
    );
    expect(markdown).toContain(
      '| engineering\\-manager | team engineering\\-manager, @bob | — | 1 more approval |',
    );
    expect(markdown).toContain('@carl (/approve on `9f8e7d6`, 2025-01-27 10:04 UTC)');
    expect(markdown).toContain(
      "&#64;erin's approval was given on a1b2c3d, before the latest push \\(the head is now 9f8e7d6\\)",
    );
    expect(markdown).toContain('&#64;dev is the author of the change and cannot approve it');
    expect(markdown).toContain('**Conditions of approval**\n- watch the error rate');
    expect(markdown).toContain('**Approval deadline:** 2025-01-28 10:00 UTC');
  });

  it('explains a rejection with who, which role and why', () => {
    const outcome = evaluateApprovals(
      highChange({ reviews: [review('sam', 'CHANGES_REQUESTED', 1, { body: 'no rollback plan' })] }),
    );
    const markdown = renderApprovalTable(outcome);
    expect(markdown).toMatch(/^\*\*Rejected\.\*\*/);
    expect(markdown).toContain(
      '**Rejected by**\n- @sam (security\\-team) requested changes at 2025-01-27 10:01 UTC: no rollback plan',
    );
    expect(markdown).not.toContain('deadline');
  });

  it('says the change is approved and since when', () => {
    const outcome = evaluateApprovals(
      highChange({
        reviews: [
          review('alice', 'APPROVED', 1),
          review('erin', 'APPROVED', 2),
          review('carl', 'APPROVED', 3),
        ],
      }),
    );
    expect(renderApprovalTable(outcome)).toMatch(
      /^\*\*Approved:\*\* every required role approved \(since 2025-01-27 10:03 UTC\)\./,
    );
  });

  it('mentions unreadable teams', () => {
    const outcome = evaluateApprovals(highChange({ teamMembers: {} }));
    expect(renderApprovalTable(outcome)).toContain(
      'The members of security\\-team, engineering\\-manager, change\\-manager could not be read',
    );
  });

  it('escapes hostile reasons, conditions and logins: no HTML, no links, no table breakout, capped', () => {
    const hostile = `<script>alert(1)</script> | [x](javascript:alert(1)) @everyone ${'A'.repeat(5_000)}`;
    const outcome: ApprovalOutcome = {
      state: 'rejected',
      roles: [
        { role: 'r|<b>', holders: { teams: ['t](x)'], users: ['<evil>'] }, approvedBy: [], missing: 1 },
      ],
      rejections: [
        {
          login: 'x"><img src=x>',
          roles: ['r'],
          at: 'not a time <b>',
          via: 'command',
          reason: hostile,
          recorded: false,
        },
      ],
      ignored: [{ login: 'm', at: at(1), via: 'command', reason: 'not_a_holder', detail: hostile }],
      conditions: [hostile],
      approvedAt: null,
      unreadableTeams: [],
    };
    const markdown = renderApprovalTable(outcome, { deadline: '<b>soon</b>' });
    expect(markdown).not.toMatch(/<(?!br>)/);
    expect(markdown).not.toContain('](');
    expect(markdown).not.toContain('@everyone');
    for (const line of markdown.split('\n').filter((l) => l.startsWith('| r'))) {
      expect(line.replace(/\\\|/g, '').split('|')).toHaveLength(6);
    }
    expect(markdown.length).toBeLessThan(5_000);
  });

  it('caps long lists', () => {
    const outcome = evaluateApprovals(
      highChange({ comments: Array.from({ length: 500 }, (_, i) => comment(`user${i}`, '/approve', i)) }),
    );
    const markdown = renderApprovalTable(outcome);
    expect(markdown).toContain('- … and 450 more');
    expect(markdown.length).toBeLessThan(30_000);
  });
});
