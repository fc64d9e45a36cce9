import { csvCell } from './csv-cell.ts';
import type { Report } from './report.ts';
import type { ReportMetric } from './report-metric.ts';

const HEADER = ['section', 'name', 'value', 'display', 'target', 'met', 'sample', 'reason'] as const;

type Row = readonly (string | number | boolean | null)[];

const metricRow = (section: string, metric: ReportMetric): Row => [
  section,
  metric.name,
  metric.value,
  metric.display,
  metric.target?.display ?? null,
  metric.met === null ? null : metric.met ? 'met' : 'not met',
  metric.sample,
  metric.reason,
];

const countRows = (section: string, counts: Record<string, number>): Row[] =>
  Object.entries(counts).map(([name, count]) => [
    section,
    name,
    count,
    String(count),
    null,
    null,
    null,
    null,
  ]);

/**
 * The report as CSV (RFC 4180, CRLF line ends, a header row): one row per figure — the procedure's counts and
 * averages, each metric, each DORA key — then one row per change set apart, named `owner/repo#number`, its
 * reasons in `reason`. Every cell goes through `csvCell`: user text can neither break a row nor run as a formula.
 */
export const reportCsv = (report: Report): string => {
  const rows: Row[] = [
    HEADER,
    ['report', 'report_period', report.report_period, report.report_period, null, null, null, null],
    ['report', 'total_changes', report.total_changes, String(report.total_changes), null, null, null, null],
    ...countRows('by_status', report.by_status),
    ...countRows('by_priority', report.by_priority),
    ...countRows('by_type', report.by_type),
    ['report', 'average_approval_time', null, report.average_approval_time ?? 'n/a', null, null, null, null],
    [
      'report',
      'average_implementation_time',
      null,
      report.average_implementation_time ?? 'n/a',
      null,
      null,
      null,
      null,
    ],
    ...report.metrics.map((metric) => metricRow('metric', metric)),
    ...report.dora.map((metric) => metricRow('dora', metric)),
    ...report.not_counted.changes.map(
      (change): Row => [
        'not_counted',
        `${change.repository}#${change.number}`,
        null,
        change.change_id,
        null,
        null,
        null,
        change.reasons.join('; '),
      ],
    ),
  ];
  return rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
};
