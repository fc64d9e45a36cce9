import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../../src/core/policy/default-policy.ts';
import { buildReport } from '../../../../src/core/report/build-report.ts';
import { reportJson } from '../../../../src/core/report/report-json.ts';
import { reportMarkdown } from '../../../../src/core/report/report-markdown.ts';
import { trendMonths } from '../../../../src/core/report/report-trend.ts';
import { approved, changeOf, deployed, submitted } from './report-fixtures.ts';

const targets = defaultPolicy().metrics.targets;
const at = (month: number, day: number, hour = 0) =>
  new Date(Date.UTC(2025, month - 1, day, hour)).toISOString();

/** Changes spread over 2024-12 … 2025-03, figures per month computed by hand in each test. */
const changes = [
  // December 2024: outside a March trend of 3 months, inside the default 6.
  changeOf({
    repository: 'acme/web',
    number: 1,
    steps: [submitted(at(0, 10), { priority: 'low', change_type: 'feature' })],
  }),
  // January: approved in 2h, completed.
  changeOf({
    repository: 'acme/web',
    number: 2,
    steps: [
      submitted(at(1, 5), { priority: 'high', change_type: 'security' }),
      approved(at(1, 5, 2)),
      deployed('implementing', at(1, 6), 20),
      deployed('completed', at(1, 6, 1), 20),
    ],
  }),
  // January: approved in 4h, failed.
  changeOf({
    repository: 'acme/web',
    number: 3,
    steps: [
      submitted(at(1, 20), { priority: 'medium', change_type: 'bugfix' }),
      approved(at(1, 20, 4)),
      deployed('implementing', at(1, 21), 30),
      deployed('failed', at(1, 21, 1), 30),
    ],
  }),
  // March: pending, nothing finished.
  changeOf({
    repository: 'acme/api',
    number: 4,
    steps: [submitted(at(3, 2), { priority: 'low', change_type: 'feature' })],
  }),
];

describe('the trend of the last months', () => {
  it('names the six months that end with the period, across a year boundary, and a range by its last instant', () => {
    expect(trendMonths({ to: Date.UTC(2025, 2, 1) }).map((month) => month.month)).toEqual([
      '2024-09',
      '2024-10',
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
    ]);
    // A range ending at 2025-03-01T00:00:00Z has its last instant in February.
    expect(trendMonths({ to: Date.parse('2025-03-01T00:00:00Z') }, 2).map((month) => month.month)).toEqual([
      '2025-01',
      '2025-02',
    ]);
    expect(trendMonths({ to: Date.parse('2025-03-01T00:00:01Z') }, 1)[0]).toEqual({
      month: '2025-03',
      from: Date.UTC(2025, 2, 1),
      to: Date.UTC(2025, 3, 1),
    });
  });

  it('counts changes, finished, success rate and approval time per month, by verified submission', () => {
    const report = buildReport({ changes, period: '2025-03', targets });
    expect(report.trend.from).toBe('2024-10-01T00:00:00.000Z');
    expect(report.trend.to).toBe('2025-04-01T00:00:00.000Z');
    expect(report.trend.months.map((month) => [month.month, month.changes])).toEqual([
      ['2024-10', 0],
      ['2024-11', 0],
      ['2024-12', 1],
      ['2025-01', 2],
      ['2025-02', 0],
      ['2025-03', 1],
    ]);
    // January: 1 completed of 2 finished = 50%; approvals 2h and 4h = 3h mean.
    expect(report.trend.months[3]).toEqual({
      month: '2025-01',
      changes: 2,
      finished: 2,
      completed: 1,
      change_success_rate: 50,
      average_approval_time_ms: 3 * 3_600_000,
      average_approval_time: '3h',
    });
    expect(report.trend.months[5]).toMatchObject({ change_success_rate: null, average_approval_time: null });
    // The period's own figures are unchanged by the trend: March holds one change.
    expect(report.total_changes).toBe(1);
    expect(JSON.parse(reportJson(report)).trend).toEqual(report.trend);
    const three = buildReport({ changes, period: '2025-03', targets, trendMonths: 3 });
    expect(three.trend.months.map((month) => month.changes)).toEqual([2, 0, 1]);
  });

  it('draws the trend as two xychart-beta charts and a table in Markdown', () => {
    const markdown = reportMarkdown(buildReport({ changes, period: '2025-03', targets }));
    expect(markdown).toContain('### Trend: 2024\\-10 to 2025\\-03');
    expect(markdown).toContain(
      [
        '```mermaid',
        'xychart-beta',
        '    title "Changes submitted per month"',
        '    x-axis ["2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03"]',
        '    y-axis "Changes" 0 --> 3',
        '    bar [0, 0, 1, 2, 0, 1]',
        '```',
      ].join('\n'),
    );
    expect(markdown).toContain('    bar [0, 0, 0, 50, 0, 0]\n    line [95, 95, 95, 95, 95, 95]');
    expect(markdown).toContain('| 2025\\-01 | 2 | 2 | 50% | 3h |');
    expect(markdown).toContain('| 2025\\-03 | 1 | 0 | n/a | n/a |');
    const empty = reportMarkdown(buildReport({ changes: [], period: '2025-03', targets }));
    expect(empty).toContain('_No change was submitted in these months._');
  });
});
