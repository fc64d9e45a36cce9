import { describe, expect, it } from 'vitest';
import type { ChangeStatus } from '../../../../src/core/decision/change-status.ts';
import { hasWriteAccess } from '../../../../src/core/lifecycle/has-write-access.ts';
import { lifecycleTransition } from '../../../../src/core/lifecycle/lifecycle-transition.ts';
import { nextReviewDate } from '../../../../src/core/lifecycle/next-review-date.ts';

const STATUSES: Array<ChangeStatus | null> = [
  null,
  'invalid',
  'pending_approval',
  'approved',
  'rejected',
  'implementing',
  'completed',
  'failed',
  'rolled_back',
  'cancelled',
];
const recorded = { emergency: false, last: null };

describe('lifecycleTransition', () => {
  it('starts implementing only from approved', () => {
    const allowed = STATUSES.filter(
      (status) => lifecycleTransition({ status, recorded, move: { kind: 'implement' } }).ok,
    );
    expect(allowed).toEqual(['approved']);
    expect(lifecycleTransition({ status: 'approved', recorded, move: { kind: 'implement' } })).toEqual({
      ok: true,
      to: 'implementing',
    });
  });

  it('completes, fails or rolls back only from implementing', () => {
    for (const outcome of ['completed', 'failed', 'rolled_back'] as const) {
      const allowed = STATUSES.filter(
        (status) => lifecycleTransition({ status, recorded, move: { kind: 'complete', outcome } }).ok,
      );
      expect(allowed).toEqual(['implementing']);
      expect(
        lifecycleTransition({ status: 'implementing', recorded, move: { kind: 'complete', outcome } }),
      ).toEqual({ ok: true, to: outcome });
    }
  });

  it('says why, in words a person reads', () => {
    const refuse = (status: ChangeStatus | null, kind: 'implement' | 'complete') => {
      const move = kind === 'implement' ? { kind } : { kind, outcome: 'completed' as const };
      const result = lifecycleTransition({ status, recorded, move });
      return result.ok ? null : result.message;
    };
    expect(refuse('pending_approval', 'implement')).toBe('not approved yet: pending approval');
    expect(refuse('invalid', 'implement')).toBe('not approved yet: invalid change request');
    expect(refuse('rejected', 'implement')).toBe(
      'only an approved change can start implementing: it is rejected',
    );
    expect(refuse('implementing', 'implement')).toBe('already implementing');
    expect(refuse('approved', 'complete')).toMatch(/^not implementing: it is approved/);
    expect(refuse('completed', 'complete')).toMatch(/^not implementing: it is completed/);
  });
});

describe('hasWriteAccess', () => {
  it('write and admin may move a change; read and none may not (maintain and triage arrive as write and read)', () => {
    expect((['admin', 'write', 'read', 'none'] as const).filter(hasWriteAccess)).toEqual(['admin', 'write']);
  });
});

describe('nextReviewDate', () => {
  it('is review_after past the completion, as a UTC date', () => {
    expect(nextReviewDate({ completedAt: new Date('2025-01-28T03:45:00Z'), reviewAfter: '30d' })).toBe(
      '2025-02-27',
    );
    expect(nextReviewDate({ completedAt: new Date('2026-12-31T23:30:00Z'), reviewAfter: '1h' })).toBe(
      '2027-01-01',
    );
    expect(nextReviewDate({ completedAt: new Date('2026-03-02T10:00:00Z'), reviewAfter: '90d' })).toBe(
      '2026-05-31',
    );
  });

  it('falls back to 30 days when review_after cannot be read', () => {
    expect(nextReviewDate({ completedAt: new Date('2026-03-02T10:00:00Z'), reviewAfter: 'soon' })).toBe(
      '2026-04-01',
    );
  });
});

describe('lifecycleTransition: a confirmed emergency change goes first', () => {
  it('implements before approval only with the go-ahead, only from pending approval', () => {
    const emergency = { emergency: true, last: null };
    expect(
      lifecycleTransition({
        status: 'pending_approval',
        recorded: emergency,
        move: { kind: 'implement' },
        goAhead: true,
      }),
    ).toEqual({ ok: true, to: 'implementing' });
    const refused = lifecycleTransition({
      status: 'pending_approval',
      recorded: emergency,
      move: { kind: 'implement' },
    });
    expect(refused).toEqual({ ok: false, message: expect.stringMatching(/not approved yet.*\/emergency/) });
    for (const status of ['rejected', 'invalid', 'cancelled'] as const) {
      expect(
        lifecycleTransition({ status, recorded: emergency, move: { kind: 'implement' }, goAhead: true }).ok,
      ).toBe(false);
    }
  });
});
