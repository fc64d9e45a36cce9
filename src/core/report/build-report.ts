import type { Report, ReportChange } from './report.ts';
import { createReportAccumulator, type ReportAccumulatorOptions } from './report-accumulator.ts';

export interface BuildReportOptions extends ReportAccumulatorOptions {
  changes: readonly ReportChange[];
}

/** The report of a period from changes already in memory (pure); see `createReportAccumulator` for the rules. */
export const buildReport = ({ changes, ...options }: BuildReportOptions): Report => {
  const accumulator = createReportAccumulator(options);
  for (const change of changes) accumulator.add(change);
  return accumulator.finish();
};
