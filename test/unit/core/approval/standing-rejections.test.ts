import { describe, expect, it } from 'vitest';
import type { RecordedRejection } from '../../../../src/core/approval/approval-input.ts';
import { evaluateApprovals } from '../../../../src/core/approval/evaluate-approvals.ts';
import { at, comment, highChange, OLD_SHA, review, teamRole } from './approval-builders.ts';

/** change-manager is held by carl and cora here. */
const twoHolders = (overrides: Parameters<typeof highChange>[0] = {}) =>
  highChange({
    roles: [teamRole('change-manager'), teamRole('engineering-manager')],
    teamMembers: { 'change-manager': ['carl', 'cora'], 'engineering-manager': ['erin'] },
    ...overrides,
  });

const recorded = (login: string, minutes: number, roles = ['change-manager']): RecordedRejection => ({
  login,
  roles,
  at: at(minutes),
  via: 'review',
  reason: 'no',
});

describe('rejections stand until the rejecter or another holder of the role approves', () => {
  it('a recorded rejection stands with no live vote left (dismissed review, deleted comment)', () => {
    const outcome = evaluateApprovals(
      twoHolders({
        reviews: [review('carl', 'DISMISSED', 2), review('erin', 'APPROVED', 3)],
        recordedRejections: [recorded('carl', 2)],
      }),
    );
    expect(outcome.state).toBe('rejected');
    expect(outcome.rejections).toEqual([expect.objectContaining({ login: 'carl', recorded: true })]);
  });

  it('is lifted by the rejecter approving after it', () => {
    const outcome = evaluateApprovals(
      twoHolders({
        reviews: [review('carl', 'APPROVED', 4), review('erin', 'APPROVED', 3)],
        recordedRejections: [recorded('carl', 2)],
      }),
    );
    expect(outcome.state).toBe('approved');
    expect(outcome.rejections).toEqual([]);
  });

  it('is lifted by another holder of the same role approving after it, even while the live vote rejects', () => {
    const outcome = evaluateApprovals(
      twoHolders({
        comments: [comment('carl', '/reject not now', 2)],
        reviews: [review('cora', 'APPROVED', 4), review('erin', 'APPROVED', 3)],
      }),
    );
    expect(outcome.state).toBe('approved');
  });

  it('is not lifted by an approval given before it, in the same second, on an old commit, or for another role', () => {
    const cases = [
      [review('cora', 'APPROVED', 1)],
      [review('cora', 'APPROVED', 2)],
      [review('cora', 'APPROVED', 4, { commitId: OLD_SHA })],
      [review('erin', 'APPROVED', 4)],
    ];
    for (const reviews of cases) {
      const outcome = evaluateApprovals(
        twoHolders({
          reviews: [...reviews, review('erin', 'APPROVED', 5)],
          recordedRejections: [recorded('carl', 2)],
        }),
      );
      expect(outcome.state).toBe('rejected');
    }
  });

  it("not by the author's or an excluded person's approval", () => {
    const outcome = evaluateApprovals(
      twoHolders({
        author: 'cora',
        excluded: ['erin'],
        reviews: [review('cora', 'APPROVED', 4)],
        recordedRejections: [recorded('carl', 2, ['change-manager', 'engineering-manager'])],
      }),
    );
    expect(outcome.state).toBe('rejected');
  });

  it('a recorded rejection whose roles are unknown is lifted by a holder of a role the rejecter holds now', () => {
    const outcome = evaluateApprovals(
      twoHolders({
        reviews: [review('cora', 'APPROVED', 4), review('erin', 'APPROVED', 4)],
        recordedRejections: [recorded('carl', 2, [])],
      }),
    );
    expect(outcome.state).toBe('approved');
  });

  it('a comment edited into a /reject rejects from the edit: an approval given before the edit does not lift it', () => {
    const edited = comment('cora', '/reject not now', 1, { edited: true, updatedAt: at(6) });
    const outcome = evaluateApprovals(
      twoHolders({
        comments: [edited],
        reviews: [review('carl', 'APPROVED', 4), review('erin', 'APPROVED', 3)],
      }),
    );
    expect(outcome.state).toBe('rejected');
    expect(outcome.rejections).toEqual([expect.objectContaining({ login: 'cora', at: at(6) })]);
  });

  it('a live rejection already in the history is reported once, as recorded', () => {
    const outcome = evaluateApprovals(
      twoHolders({
        reviews: [review('carl', 'CHANGES_REQUESTED', 2)],
        recordedRejections: [recorded('carl', 2)],
      }),
    );
    expect(outcome.rejections).toEqual([expect.objectContaining({ login: 'carl', recorded: true })]);
  });
});
