import { mermaidLabel } from './mermaid-label.ts';
import { PRIORITIES } from './procedure-metrics.ts';
import type { Report } from './report.ts';

const HOUR_MS = 3_600_000;

const fence = (lines: readonly string[]): string => ['```mermaid', ...lines, '```'].join('\n');

const hours = (ms: number): number => Math.round((ms / HOUR_MS) * 100) / 100;

/** A Mermaid pie of counts, zero slices left out; null when every count is zero (Mermaid draws no empty pie). */
export const pieChart = (title: string, counts: Record<string, number>): string | null => {
  const slices = Object.entries(counts).filter(([, count]) => count > 0);
  if (slices.length === 0) return null;
  return fence([
    `pie showData title ${title}`,
    ...slices.map(([name, count]) => `    ${mermaidLabel(name)} : ${count}`),
  ]);
};

/**
 * A Mermaid `xychart-beta` of the average approval time per priority in hours (bars; 0 where no change of that
 * priority was approved), with the high-priority target as a line; null when no change was approved.
 */
export const approvalTimeChart = (report: Report): string | null => {
  const perPriority = PRIORITIES.map(
    (priority) =>
      report.metrics.find((metric) => metric.name === `average_approval_time_${priority}`) ?? null,
  );
  const values = perPriority.map((metric) => (metric?.value == null ? 0 : hours(metric.value)));
  if (perPriority.every((metric) => metric?.value == null)) return null;
  const target = perPriority[PRIORITIES.indexOf('high')]?.target ?? null;
  const targetHours = target === null ? null : hours(target.value);
  const top = Math.max(...values, targetHours ?? 0);
  const axisTop = Math.max(1, Math.ceil(top * 1.2));
  return fence([
    'xychart-beta',
    `    title "Average approval time per priority (hours)${target === null ? '' : `, target ${target.display} for high`}"`,
    `    x-axis [${PRIORITIES.join(', ')}]`,
    `    y-axis "Hours" 0 --> ${axisTop}`,
    `    bar [${values.join(', ')}]`,
    ...(targetHours === null ? [] : [`    line [${PRIORITIES.map(() => targetHours).join(', ')}]`]),
  ]);
};

/**
 * Two Mermaid `xychart-beta` of the trend: the changes submitted per month (bars), and the change success rate
 * per month in percent (bars, 0 for a month with nothing finished, which the table shows as n/a) with the
 * target as a line; null when no month has a change.
 */
export const trendCharts = (report: Report): string | null => {
  const months = report.trend.months;
  if (months.every((month) => month.changes === 0)) return null;
  const axis = `    x-axis [${months.map((month) => mermaidLabel(month.month)).join(', ')}]`;
  const counts = months.map((month) => month.changes);
  const target = report.metrics.find((metric) => metric.name === 'change_success_rate')?.target ?? null;
  return [
    fence([
      'xychart-beta',
      '    title "Changes submitted per month"',
      axis,
      `    y-axis "Changes" 0 --> ${Math.max(1, Math.ceil(Math.max(...counts) * 1.2))}`,
      `    bar [${counts.join(', ')}]`,
    ]),
    fence([
      'xychart-beta',
      `    title "Change success rate per month (%)${target === null ? '' : `, target ${target.display}`}"`,
      axis,
      '    y-axis "Percent" 0 --> 100',
      `    bar [${months.map((month) => month.change_success_rate ?? 0).join(', ')}]`,
      ...(target === null ? [] : [`    line [${months.map(() => target.value).join(', ')}]`]),
    ]),
  ].join('\n\n');
};
