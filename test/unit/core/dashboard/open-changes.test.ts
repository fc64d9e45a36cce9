import { describe, expect, it } from 'vitest';
import { openChanges } from '../../../../src/core/dashboard/open-changes.ts';
import { defaultPolicy } from '../../../../src/core/policy/default-policy.ts';
import { editPayload } from '../../history/history-fixtures.ts';
import { changeOf } from '../report/report-fixtures.ts';

const at = (day: number, hour = 0) => new Date(Date.UTC(2025, 0, day, hour)).toISOString();
const submitted = (when: string, priority: string, data: Record<string, unknown> = {}) => ({
  event: 'submitted' as const,
  at: when,
  data: { title: `Change ${when}`, priority, level: priority, change_type: 'feature', ...data },
});
const repository = 'acme/web';

describe('openChanges', () => {
  it("is pending past its level's approval_timeout from the start of its current block: overdue, escalations counted", () => {
    const changes = [
      // high = 24h: submitted Jan 10 00:00, block edited Jan 10 12:00 → deadline Jan 11 12:00.
      changeOf({
        repository,
        number: 1,
        steps: [
          submitted(at(10), 'high'),
          { event: 'invalidated', at: at(10, 12), data: { valid: true, level: 'high' } },
          { event: 'escalated', at: at(11, 12), data: { period: 1 } },
        ],
      }),
      // medium = 72h: submitted Jan 12 00:00 → deadline Jan 15 00:00, on time at Jan 13.
      changeOf({ repository, number: 2, steps: [submitted(at(12), 'medium')] }),
      // Approved: open, no deadline.
      changeOf({
        repository,
        number: 3,
        steps: [submitted(at(1), 'low'), { event: 'approved', at: at(2) }],
      }),
      // Completed: not open.
      changeOf({
        repository,
        number: 4,
        steps: [
          submitted(at(1), 'low'),
          { event: 'approved', at: at(2) },
          { event: 'completed', at: at(3), data: { production: true } },
        ],
      }),
    ];
    const open = openChanges({ changes, policy: defaultPolicy(), asOf: Date.parse(at(13)) });
    expect(
      open.map((change) => [
        change.number,
        change.status,
        change.deadline,
        change.overdue,
        change.overdue_by,
      ]),
    ).toEqual([
      [1, 'pending', at(11, 12), true, '36h'],
      [2, 'pending', at(15), false, null],
      [3, 'approved', null, false, null],
    ]);
    expect(open[0]).toMatchObject({
      waiting_since: at(10, 12),
      escalations: 1,
      level: 'high',
      priority: 'high',
    });
  });

  it('reads the history up to as-of only: a change approved later is still pending then', () => {
    const change = changeOf({
      repository,
      number: 5,
      steps: [submitted(at(1), 'emergency'), { event: 'approved', at: at(20) }],
    });
    const [open] = openChanges({ changes: [change], policy: defaultPolicy(), asOf: Date.parse(at(2)) });
    // emergency = 1h: Jan 1 01:00; a day later it is 23h late.
    expect(open).toMatchObject({ status: 'pending', deadline: at(1, 1), overdue: true, overdue_by: '23h' });
    expect(
      openChanges({ changes: [change], policy: defaultPolicy(), asOf: Date.parse(at(21)) })[0]?.status,
    ).toBe('approved');
  });

  it("uses the submission's recorded deadline for a level the policy does not know; unknown otherwise", () => {
    const recorded = changeOf({
      repository,
      number: 6,
      steps: [submitted(at(1), 'urgent', { deadline: at(1, 6) })],
    });
    const none = changeOf({ repository, number: 7, steps: [submitted(at(1), 'urgent')] });
    const open = openChanges({ changes: [recorded, none], policy: defaultPolicy(), asOf: Date.parse(at(2)) });
    expect(open.map((change) => [change.number, change.deadline, change.overdue])).toEqual([
      [6, at(1, 6), true],
      [7, null, false],
    ]);
  });

  it('leaves out a change whose history does not verify', () => {
    const tampered = changeOf({
      repository,
      number: 8,
      steps: [submitted(at(1), 'high')],
      edit: (bodies) => bodies.map((body) => editPayload(body, (json) => json.replace('"high"', '"low"'))),
    });
    expect(openChanges({ changes: [tampered], policy: defaultPolicy(), asOf: Date.parse(at(2)) })).toEqual(
      [],
    );
  });
});
