import { describe, expect, it } from 'vitest';
import { changeHistoryReport } from '../../../../src/core/report/change-history-report.ts';
import { editPayload } from '../../history/history-fixtures.ts';
import { approved, changeOf, deployed, jan, submitted } from './report-fixtures.ts';

const steps = [
  submitted(jan(2, 10), { priority: 'high', change_type: 'security' }),
  approved(jan(3, 4)),
  deployed('implementing', jan(3, 10), 101),
  deployed('completed', jan(3, 12), 101),
];

describe('changeHistoryReport', () => {
  it("gives the procedure's Change History of a change, with where it lives and that it verifies", () => {
    const report = changeHistoryReport(changeOf({ repository: 'acme/payments', number: 1, steps }));
    expect(Object.keys(report)).toEqual([
      'change_id',
      'history',
      'repository',
      'number',
      'verified',
      'problems',
    ]);
    expect(report.change_id).toBe('CHG-2025-001');
    expect(report.history.map(({ timestamp, action, user }) => ({ timestamp, action, user }))).toEqual([
      { timestamp: '2025-01-02T10:00:00.000Z', action: 'created', user: 'requester' },
      { timestamp: '2025-01-03T04:00:00.000Z', action: 'approved', user: 'approver' },
      { timestamp: '2025-01-03T10:00:00.000Z', action: 'implemented', user: 'deployer' },
      { timestamp: '2025-01-03T12:00:00.000Z', action: 'completed', user: 'deployer' },
    ]);
    expect(report).toMatchObject({ repository: 'acme/payments', number: 1, verified: true, problems: [] });
  });

  it('leaves a tampered entry out, says the history does not verify, and names the problem', () => {
    const report = changeHistoryReport(
      changeOf({
        repository: 'acme/payments',
        number: 1,
        steps,
        edit: (bodies) =>
          bodies.map((body, index) =>
            index === 1 ? editPayload(body, (json) => json.replace('approver', 'mallory')) : body,
          ),
      }),
    );
    expect(report.history.map((item) => item.action)).toEqual(['created', 'implemented', 'completed']);
    expect(report.verified).toBe(false);
    expect(report.problems.map((problem) => problem.kind)).toEqual(['tampered', 'broken_chain']);
  });
});
