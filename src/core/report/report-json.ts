import type { Report } from './report.ts';
import type { ReportMetric } from './report-metric.ts';

const REPORT_KEYS: readonly (keyof Report)[] = [
  'report_period',
  'total_changes',
  'by_status',
  'by_priority',
  'by_type',
  'average_approval_time',
  'average_implementation_time',
  'period',
  'metrics',
  'dora',
  'escalations',
  'trend',
  'changes',
  'not_counted',
];

const METRIC_KEYS: readonly (keyof ReportMetric)[] = [
  'name',
  'title',
  'unit',
  'value',
  'display',
  'target',
  'met',
  'sample',
  'reason',
];

const ordered = <T extends object>(value: T, keys: readonly (keyof T)[]): Partial<T> =>
  Object.fromEntries(keys.map((key) => [key, value[key]])) as Partial<T>;

/**
 * The report as JSON, keys in a fixed order (the procedure's fields first, then ours, each metric alike), two
 * spaces, a final newline: the same report always gives the same bytes, so reports diff well.
 */
export const reportJson = (report: Report): string => {
  const metrics = (list: readonly ReportMetric[]) => list.map((metric) => ordered(metric, METRIC_KEYS));
  const shaped = {
    ...ordered(report, REPORT_KEYS),
    metrics: metrics(report.metrics),
    dora: metrics(report.dora),
  };
  return `${JSON.stringify(ordered(shaped as Report, REPORT_KEYS), null, 2)}\n`;
};
