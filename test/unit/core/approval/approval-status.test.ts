import { describe, expect, it } from 'vitest';
import { approvalStatus } from '../../../../src/core/approval/approval-status.ts';
import { evaluateApprovals } from '../../../../src/core/approval/evaluate-approvals.ts';
import { highChange, review } from './approval-builders.ts';

const entry = {
  id: 'docs-only',
  description: 'Documentation',
  paths: ['docs/**'],
  change_types: [],
} as never;
const outcome = (reviews: Parameters<typeof highChange>[0]) => evaluateApprovals(highChange(reviews));
const allFour = ['sam', 'lee', 'erin', 'carl'];

describe('approvalStatus', () => {
  it('is approved only when the roles approved and the tests passed', () => {
    const approval = outcome({ reviews: allFour.map((login, i) => review(login, 'APPROVED', i + 1)) });
    expect(approval.state).toBe('approved');
    expect(approvalStatus({ approval, preApproved: { entry: null, reasons: [] }, testsPassed: true })).toBe(
      'approved',
    );
    expect(approvalStatus({ approval, preApproved: { entry: null, reasons: [] }, testsPassed: false })).toBe(
      'pending_approval',
    );
  });

  it('lets a pre-approved catalogue entry stand in for the roles, never for the tests', () => {
    const approval = outcome({ reviews: [] });
    expect(approvalStatus({ approval, preApproved: { entry }, testsPassed: true })).toBe('approved');
    expect(approvalStatus({ approval, preApproved: { entry }, testsPassed: false })).toBe('pending_approval');
    expect(approvalStatus({ approval, preApproved: { entry: null, reasons: [] }, testsPassed: true })).toBe(
      'pending_approval',
    );
  });

  it('is rejected by a required role whatever else approves', () => {
    const approval = outcome({
      reviews: [
        ...allFour.slice(1).map((login, i) => review(login, 'APPROVED', i + 1)),
        review('sam', 'CHANGES_REQUESTED', 9),
      ],
    });
    expect(approval.state).toBe('rejected');
    expect(approvalStatus({ approval, preApproved: { entry }, testsPassed: true })).toBe('rejected');
  });
});
