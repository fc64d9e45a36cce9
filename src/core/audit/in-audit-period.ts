import { recordedState } from '../decision/recorded-state.ts';
import type { ChangeHistoryRead } from '../history/read-history.ts';
import { inPeriod, type ReportPeriod } from '../report/report-period.ts';
import { failingProblem } from './failing-problem.ts';

/**
 * Whether a change belongs to the period, as the report decides: by its latest verified `submitted` entry.
 * A change whose history does not verify and has no verified submission belongs to every period it was
 * updated in: it is exported (marked) rather than left out.
 */
export const inAuditPeriod = (read: ChangeHistoryRead, period: ReportPeriod): boolean => {
  const submitted = recordedState(read.entries).submitted?.entry.at;
  if (submitted !== undefined) return inPeriod(period, submitted);
  return read.problems.some(failingProblem);
};
