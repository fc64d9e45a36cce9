import type { ChangeHistoryRead } from '../history/read-history.ts';
import type { EscalationCounts } from './escalation-counts.ts';
import type { ReportMetric } from './report-metric.ts';
import type { ReportTrend } from './report-trend.ts';

/** One change handed to a report: where it lives and its history as read (verified entries and problems). */
export interface ReportChange {
  /** `owner/repo`. */
  repository: string;
  number: number;
  changeId: string;
  history: Pick<ChangeHistoryRead, 'entries' | 'problems'>;
}

/** A change of the period as the report lists it (snake_case: the report is a published format). */
export interface ReportedChange {
  repository: string;
  number: number;
  change_id: string;
  /** User text: renderers escape it. */
  title: string | null;
  submitted_at: string;
  status: string;
  priority: string;
  type: string;
  emergency: boolean;
  approval_time: string | null;
  implementation_time: string | null;
}

/** A change whose history does not verify: never counted, listed with why. */
export interface NotCountedChange {
  repository: string;
  number: number;
  change_id: string;
  reasons: string[];
}

/**
 * The procedure's "Change Request Report", field for field (`report_period` … `average_implementation_time`),
 * extended only by new keys: the period's bounds, the metrics against their targets, DORA's four keys, the
 * escalations of the period, the trend of the last months, the changes counted and those set apart.
 */
export interface Report {
  report_period: string;
  total_changes: number;
  by_status: Record<string, number>;
  by_priority: Record<string, number>;
  by_type: Record<string, number>;
  /** Mean approval time as the procedure writes it (`18h`); null when no change of the period was approved. */
  average_approval_time: string | null;
  /** Mean implementation time (`4h`); null when no change of the period finished a production deployment. */
  average_implementation_time: string | null;
  /** ISO bounds: `from` included, `to` excluded. */
  period: { from: string; to: string };
  metrics: ReportMetric[];
  dora: ReportMetric[];
  escalations: EscalationCounts;
  trend: ReportTrend;
  changes: ReportedChange[];
  not_counted: { total: number; changes: NotCountedChange[] };
}
