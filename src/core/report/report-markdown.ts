import { escapeMarkdown } from '../text/escape-markdown.ts';
import type { Report } from './report.ts';
import { approvalTimeChart, pieChart, trendCharts } from './report-charts.ts';
import type { ReportMetric } from './report-metric.ts';

/** Changes listed one by one; more are counted, not listed (a GitHub comment holds 65,536 characters). */
export const MAX_LISTED_CHANGES = 100;

const cell = (text: string | number | null, maxChars = 120): string =>
  text === null ? '—' : escapeMarkdown(String(text), { maxChars, dialect: 'job-summary' });

const table = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
  [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');

const metMark = (metric: ReportMetric): string =>
  metric.met === null ? '—' : metric.met ? '✅ met' : '❌ not met';

const valueText = (metric: ReportMetric): string =>
  metric.value === null ? `n/a (${cell(metric.reason)})` : cell(metric.display);

const metricTable = (metrics: readonly ReportMetric[]): string =>
  table(
    ['Metric', 'Value', 'Target', 'Met', 'Sample'],
    metrics.map((metric) => [
      cell(metric.title),
      valueText(metric),
      cell(metric.target?.display ?? null),
      metMark(metric),
      cell(metric.sample),
    ]),
  );

const countTable = (what: string, counts: Record<string, number>): string =>
  table(
    [what, 'Changes'],
    Object.entries(counts).map(([name, count]) => [cell(name), String(count)]),
  );

const countLine = (counts: Record<string, number>, prefix = ''): string =>
  Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([name, count]) => `${prefix}${cell(name)}: ${count}`)
    .join(', ') || 'none';

const trendTable = (report: Report): string =>
  table(
    ['Month', 'Changes', 'Finished', 'Success rate', 'Average approval time'],
    report.trend.months.map((month) => [
      cell(month.month),
      String(month.changes),
      String(month.finished),
      month.change_success_rate === null ? 'n/a' : `${month.change_success_rate}%`,
      cell(month.average_approval_time ?? 'n/a'),
    ]),
  );

const escalationSection = (report: Report): string => {
  const { escalations } = report;
  if (escalations.total === 0) return '_No escalation was recorded in the period._';
  return [
    `${escalations.total} escalations of ${escalations.changes} changes recorded in the period.`,
    table(
      ['Priority', 'Escalations'],
      Object.entries(escalations.by_priority).map(([name, count]) => [cell(name), String(count)]),
    ),
    `By approval level: ${countLine(escalations.by_level)}. By what was overdue: ${countLine(escalations.by_overdue)}. By round: ${countLine(escalations.by_round, 'round ')}.`,
  ].join('\n\n');
};

const orText = (chart: string | null, text: string): string => chart ?? `_${text}_`;

/**
 * The report in GitHub Markdown for an issue or a job summary: the procedure's figures, Mermaid charts that
 * GitHub draws (changes by status and by type as pies, approval time per priority against its target as a bar
 * chart), the metrics against their targets, DORA's keys, the escalations, the trend of the last months (changes
 * and success rate per month as bar charts), the changes and those set apart. Every text a user
 * wrote (titles, repository names, types, reasons) is escaped: it renders as text, never as Markdown or HTML.
 */
export const reportMarkdown = (report: Report): string => {
  const listed = report.changes.slice(0, MAX_LISTED_CHANGES);
  const more = report.changes.length - listed.length;
  const sections = [
    `## Change report ${cell(report.report_period)}`,
    `${report.total_changes} changes submitted from ${report.period.from} to ${report.period.to} (the end excluded). ` +
      `${report.not_counted.total} set apart: their history does not verify.`,
    table(
      ['Field', 'Value'],
      [
        ['Total changes', String(report.total_changes)],
        ['Average approval time', cell(report.average_approval_time ?? 'n/a')],
        ['Average implementation time', cell(report.average_implementation_time ?? 'n/a')],
      ],
    ),
    '### Changes by status',
    orText(pieChart('Changes by status', report.by_status), 'No changes in the period.'),
    countTable('Status', report.by_status),
    '### Changes by priority',
    countTable('Priority', report.by_priority),
    '### Changes by type',
    orText(pieChart('Changes by type', report.by_type), 'No changes in the period.'),
    countTable('Type', report.by_type),
    '### Metrics against targets',
    orText(approvalTimeChart(report), 'No change of the period was approved.'),
    metricTable(report.metrics),
    '### DORA keys',
    metricTable(report.dora),
    '### Escalations',
    escalationSection(report),
    `### Trend: ${cell(report.trend.months[0]?.month ?? '')} to ${cell(report.trend.months.at(-1)?.month ?? '')}`,
    orText(trendCharts(report), 'No change was submitted in these months.'),
    trendTable(report),
    '### Changes',
    listed.length === 0
      ? '_None._'
      : table(
          ['Change', 'Repository', 'Title', 'Status', 'Priority', 'Type', 'Approval', 'Implementation'],
          listed.map((change) => [
            `${cell(change.change_id)}${change.emergency ? ' (emergency)' : ''}`,
            `${cell(change.repository)}#${change.number}`,
            cell(change.title),
            cell(change.status),
            cell(change.priority),
            cell(change.type),
            cell(change.approval_time),
            cell(change.implementation_time),
          ]),
        ),
    ...(more > 0 ? [`_…and ${more} more (the JSON report lists every change)._`] : []),
    '### Not counted: history does not verify',
    report.not_counted.total === 0
      ? '_None: every change history verified._'
      : table(
          ['Change', 'Repository', 'Reasons'],
          report.not_counted.changes.map((change) => [
            cell(change.change_id),
            `${cell(change.repository)}#${change.number}`,
            cell(change.reasons.join('; '), 600),
          ]),
        ),
  ];
  return `${sections.join('\n\n')}\n`;
};
