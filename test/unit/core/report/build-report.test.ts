import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../../src/core/policy/default-policy.ts';
import type { MetricTargets } from '../../../../src/core/policy/policy.ts';
import { buildReport } from '../../../../src/core/report/build-report.ts';
import type { ReportMetric } from '../../../../src/core/report/report-metric.ts';
import { januaryChanges } from './january-changes.ts';
import { approved, changeOf, deployed, jan, submitted } from './report-fixtures.ts';

const HOUR = 3_600_000;
const targets = defaultPolicy().metrics.targets;
const changes = januaryChanges();
const report = buildReport({ changes, period: '2025-01', targets });

const metric = (list: readonly ReportMetric[], name: string): ReportMetric => {
  const found = list.find((item) => item.name === name);
  if (found === undefined) throw new Error(`no metric ${name}`);
  return found;
};

describe('buildReport: the procedure report, computed by hand', () => {
  it("has the procedure's fields, in its order, with the figures of the ten January changes", () => {
    expect(Object.keys(report).slice(0, 7)).toEqual([
      'report_period',
      'total_changes',
      'by_status',
      'by_priority',
      'by_type',
      'average_approval_time',
      'average_implementation_time',
    ]);
    expect(report.report_period).toBe('2025-01');
    // #1–#10; #11 was submitted in December, #12 at the end (excluded), #13 and #14 are set apart.
    expect(report.total_changes).toBe(10);
    // completed: #1 #2 #5 #6 #7; failed #3; rolled back #4; approved #8; pending #9; rejected #10.
    expect(report.by_status).toEqual({
      pending: 1,
      approved: 1,
      implementing: 0,
      completed: 5,
      rejected: 1,
      failed: 1,
      rolled_back: 1,
      cancelled: 0,
      invalid: 0,
    });
    // critical #3 #7; high #1 #4 #8; medium #2 #6 #9; low #5 #10.
    expect(report.by_priority).toEqual({ critical: 2, high: 3, medium: 3, low: 2 });
    // security #1 #7 #9; feature #2 #5 #8; bugfix #3 #6 #10; infrastructure #4.
    expect(report.by_type).toEqual({ security: 3, feature: 3, bugfix: 3, infrastructure: 1 });
    // Approval: 18 + 6 + 2 + 30 + 4 + 8 + 24 = 92h over 7 approved changes = 13.142857h = 788.57 min → 13h 9m.
    expect(report.average_approval_time).toBe('13h 9m');
    // Implementation: 2 + 1 + 3 + 8 + 5 + 1 + 0.5 = 20.5h over 7 = 175.71 min → 2h 56m.
    expect(report.average_implementation_time).toBe('2h 56m');
    expect(report.period).toEqual({ from: '2025-01-01T00:00:00.000Z', to: '2025-02-01T00:00:00.000Z' });
  });

  it('computes each metric and compares it with its default target', () => {
    const m = (name: string) => metric(report.metrics, name);
    // Finished = completed 5 + failed 1 + rolled back 1 = 7.
    expect(m('change_success_rate')).toMatchObject({
      value: 71.43, // 5 / 7 = 71.428…%
      display: '71.43%',
      target: { operator: '>', value: 95, display: '>95%' },
      met: false,
      sample: '5 of 7 finished changes (completed, failed or rolled back)',
      reason: null,
    });
    expect(m('change_failure_rate')).toMatchObject({ value: 14.29, target: null, met: null }); // 1 / 7
    expect(m('rollback_rate')).toMatchObject({ value: 14.29, met: false, target: { display: '<5%' } }); // 1 / 7
    // 1 emergency (#7) of 10 = 10%: the procedure's target is <10%, so equal is not met.
    expect(m('emergency_change_rate')).toMatchObject({ value: 10, display: '10%', met: false });
    expect(m('average_approval_time')).toMatchObject({ value: Math.round((92 * HOUR) / 7), target: null });
    // critical: #3 2h (#7 was approved retroactively, not counted); high: (18 + 30 + 24) / 3 = 24h, equal to the
    // target <24h: not met; medium: (6 + 8) / 2 = 7h; low: #5 4h.
    expect(m('average_approval_time_critical')).toMatchObject({
      value: 2 * HOUR,
      display: '2h',
      sample: '1 approved critical-priority change',
    });
    expect(m('average_approval_time_high')).toMatchObject({
      value: 24 * HOUR,
      display: '24h',
      target: { operator: '<', value: 24 * HOUR, display: '<24h' },
      met: false,
    });
    expect(m('average_approval_time_medium')).toMatchObject({ value: 7 * HOUR, target: null });
    expect(m('average_approval_time_low')).toMatchObject({ value: 4 * HOUR });
    expect(m('average_implementation_time')).toMatchObject({
      value: Math.round((20.5 * HOUR) / 7),
      display: '2h 56m',
      target: { display: '<4h' },
      met: true,
    });
  });

  it("computes DORA's four keys from production events of January", () => {
    const d = (name: string) => metric(report.dora, name);
    // Successful production deployments in January: 101 102 105 (payments), 201 202 203 (web) = 6 over 31 days;
    // #7's final `completed` is deployment 202 again and counts once.
    expect(d('deployment_frequency')).toMatchObject({
      value: 0.194, // 6 / 31 = 0.19355
      display: '0.194/day (1.35/week)', // 42 / 31 = 1.3548
      sample: '6 successful production deployments in 31 days',
    });
    // Lead times: #7 1.5h, #6 22h, #2 25h, #1 26h, #5 29h, #11 29h (Dec 31 20:00 → Jan 2 01:00): median (25 + 26) / 2.
    expect(d('lead_time_for_changes')).toMatchObject({
      value: 25.5 * HOUR,
      display: '25h 30m',
      sample: '6 changes first deployed to production in the period',
    });
    // 2 failures (103 failed, 104 rolled back) of 8 finished deployments (6 + 2) = 25%.
    expect(d('change_failure_rate')).toMatchObject({
      value: 25,
      display: '25%',
      sample: '2 of 8 finished production deployments',
    });
    // #3 failed Jan 7 06:00 → #6 (same repository) Jan 7 10:00 = 4h; #4 rolled back Jan 10 08:00 → #5 Jan 11
    // 05:00 = 21h; median (4 + 21) / 2 = 12.5h.
    expect(d('time_to_restore')).toMatchObject({ value: 12.5 * HOUR, display: '12h 30m' });
  });

  it('counts changes whose history does not verify apart, lists them with the reason, and keeps them out of every figure', () => {
    expect(report.not_counted.total).toBe(2);
    const listed = report.not_counted.changes;
    expect(listed.map((change) => `${change.repository}#${change.number}`)).toEqual([
      'acme/payments#13',
      'acme/web#14',
    ]);
    expect(listed[0]?.reasons.some((reason) => reason.startsWith('tampered: comment'))).toBe(true);
    expect(listed[1]?.reasons.some((reason) => reason.startsWith('unverifiable: comment'))).toBe(true);
    expect(report.changes.map((change) => change.number)).toEqual([1, 2, 4, 5, 8, 9, 3, 6, 7, 10]);
    // Without them the figures are the same: nothing of theirs was mixed in.
    const clean = buildReport({ changes: changes.filter((c) => c.number < 13), period: '2025-01', targets });
    expect({ ...clean, not_counted: null }).toEqual({ ...report, not_counted: null });
  });

  it('does not list a change set apart whose verified submission falls outside the period', () => {
    const steps = [
      submitted('2024-12-05T00:00:00.000Z', { priority: 'low', change_type: 'feature' }),
      submitted('2024-12-06T00:00:00.000Z', { priority: 'low', change_type: 'feature' }),
    ];
    const december = changeOf({ repository: 'acme/old', number: 1, steps });
    // The first entry deleted: the chain has a gap, but the entry left (submitted Dec 6) still verifies.
    const gap = changeOf({ repository: 'acme/old', number: 2, steps, edit: (bodies) => bodies.slice(1) });
    expect(december.history.problems).toEqual([]);
    expect(gap.history.problems.map((problem) => problem.kind)).toEqual(['broken_chain']);
    const result = buildReport({ changes: [december, gap], period: '2025-01', targets });
    expect(result.total_changes).toBe(0);
    expect(result.not_counted.total).toBe(0);
    expect(
      buildReport({ changes: [gap], period: '2024-12', targets }).not_counted.changes[0]?.reasons[0],
    ).toMatch(/^broken chain: /);
  });
});

describe('buildReport: period boundaries', () => {
  const at = (iso: string, number: number) =>
    changeOf({
      repository: 'acme/edge',
      number,
      steps: [submitted(iso, { priority: 'low', change_type: 'feature' })],
    });
  const edges = [
    at('2025-03-01T00:00:00.000Z', 1),
    at('2025-03-31T23:59:59.999Z', 2),
    at('2025-04-01T00:00:00.000Z', 3),
  ];

  it('includes a change submitted at `from` and excludes one submitted at `to`', () => {
    const march = buildReport({
      changes: edges,
      period: { from: '2025-03-01T00:00:00Z', to: '2025-04-01T00:00:00Z' },
      targets,
    });
    expect(march.changes.map((change) => change.number)).toEqual([1, 2]);
    expect(march.report_period).toBe('2025-03-01T00:00:00.000Z/2025-04-01T00:00:00.000Z');
    expect(buildReport({ changes: edges, period: '2025-04', targets }).changes.map((c) => c.number)).toEqual([
      3,
    ]);
  });

  it('gives null figures with a reason, never a division by zero, for an empty period', () => {
    const empty = buildReport({ changes: edges, period: '2025-06', targets });
    expect(empty.total_changes).toBe(0);
    expect(empty.average_approval_time).toBeNull();
    expect(empty.average_implementation_time).toBeNull();
    for (const item of [...empty.metrics, ...empty.dora]) {
      expect(Number.isNaN(item.value)).toBe(false);
      if (item.name === 'deployment_frequency') {
        expect(item).toMatchObject({ value: 0, display: '0/day (0/week)' });
        continue;
      }
      expect(item).toMatchObject({ value: null, display: 'n/a', met: null });
      expect(item.reason).toMatch(/^no /);
    }
    expect(metric(empty.metrics, 'change_success_rate').sample).toBe(
      '0 of 0 finished changes (completed, failed or rolled back)',
    );
  });

  it('refuses a period it cannot read, saying what to write', () => {
    expect(() => buildReport({ changes: [], period: '2025-13', targets })).toThrow(/write YYYY-MM/);
    expect(() => buildReport({ changes: [], period: { from: jan(2), to: jan(1) }, targets })).toThrow(
      /the first before the second/,
    );
  });
});

describe('buildReport: targets', () => {
  it('marks every target met when the configured targets allow the figures', () => {
    const lenient: MetricTargets = {
      change_success_rate: 70, // 71.43 > 70
      average_approval_time_high: '25h', // 24h < 25h
      average_implementation_time: '3h', // 2h 56m < 3h
      rollback_rate: 15, // 14.29 < 15
      emergency_change_rate: 11, // 10 < 11
    };
    const result = buildReport({ changes, period: '2025-01', targets: lenient });
    const judged = result.metrics.filter((item) => item.target !== null);
    expect(judged.map((item) => [item.name, item.met])).toEqual([
      ['change_success_rate', true],
      ['average_approval_time_high', true],
      ['average_implementation_time', true],
      ['rollback_rate', true],
      ['emergency_change_rate', true],
    ]);
  });

  it('marks a target not met when the figure misses it', () => {
    const strict = { ...targets, average_implementation_time: '2h' }; // 2h 56m is not below 2h
    const result = buildReport({ changes, period: '2025-01', targets: strict });
    expect(metric(result.metrics, 'average_implementation_time')).toMatchObject({
      met: false,
      target: { display: '<2h' },
    });
  });
});

describe('buildReport: one deployment of several changes', () => {
  it('counts a deployment that shipped two changes of a repository once, and once per repository', () => {
    const shipped = (repository: string, number: number) =>
      changeOf({
        repository,
        number,
        steps: [
          submitted(jan(3), { priority: 'low', change_type: 'feature' }),
          approved(jan(3, 1)),
          deployed('implementing', jan(4), 9),
          deployed('completed', jan(4, 1), 9),
        ],
      });
    const result = buildReport({
      changes: [shipped('acme/x', 1), shipped('acme/x', 2), shipped('acme/y', 3)],
      period: '2025-01',
      targets,
    });
    // acme/x deployment 9 (two changes) + acme/y deployment 9 = 2 deployments; each change's implementation 1h.
    expect(metric(result.dora, 'deployment_frequency').sample).toBe(
      '2 successful production deployments in 31 days',
    );
    expect(metric(result.dora, 'change_failure_rate').sample).toBe('0 of 2 finished production deployments');
    expect(result.average_implementation_time).toBe('1h');
  });
});
