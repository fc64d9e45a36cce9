import { recordedState } from '../decision/recorded-state.ts';
import type { Policy } from '../policy/policy.ts';
import type { Report, ReportChange } from '../report/report.ts';
import { untrustedHistory } from '../report/untrusted-history.ts';
import { type CalendarImplementation, changeCalendar } from './change-calendar.ts';
import type { Dashboard } from './dashboard.ts';
import { openChanges } from './open-changes.ts';
import { scheduledImplementation } from './scheduled-implementation.ts';

/** The calendar runs on this far past the end of the period: what is coming next. */
export const CALENDAR_AHEAD_MS = 30 * 86_400_000;

/** A change as the dashboard reads it: the report's, plus its body (where the block schedules it). */
export interface DashboardChange extends ReportChange {
  /** The pull request's or issue's body as GitHub returns it; null when not read. */
  body: string | null;
}

const STATUS_WORDS: Record<string, string> = { pending_approval: 'pending' };

/**
 * The dashboard of a report (pure): the report itself, the changes open at `as_of` (the end of the period, or
 * `now` when the period is not over yet, so a past month's dashboard is the same whenever it is built), and the
 * change calendar from the start of the period to 30 days after its end. Changes whose history does not verify
 * are in neither list: the report sets them apart.
 */
export const buildDashboard = (options: {
  report: Report;
  changes: readonly DashboardChange[];
  policy: Policy;
  now: Date;
}): Dashboard => {
  const { report, policy } = options;
  const from = Date.parse(report.period.from);
  const to = Date.parse(report.period.to);
  const asOf = Math.min(options.now.getTime(), to);
  const implementations: CalendarImplementation[] = [];
  for (const change of options.changes) {
    if (untrustedHistory(change.history.problems).length > 0) continue;
    const state = recordedState(change.history.entries);
    if (state.submitted === null || state.status === 'cancelled') continue;
    const slot = scheduledImplementation({ body: change.body, recordedBlockHash: state.blockHash });
    if (slot === null) continue;
    const title = state.submitted.entry.data.title;
    implementations.push({
      change: {
        repository: change.repository,
        number: change.number,
        change_id: change.changeId,
        status: state.status === null ? 'unknown' : (STATUS_WORDS[state.status] ?? state.status),
      },
      title: typeof title === 'string' && title.trim() !== '' ? title : change.changeId,
      ...slot,
    });
  }
  return {
    report,
    as_of: new Date(asOf).toISOString(),
    open_changes: openChanges({ changes: options.changes, policy, asOf }),
    calendar: changeCalendar({
      from,
      to: to + CALENDAR_AHEAD_MS,
      implementations,
      maintenanceWindows: policy.maintenance_windows,
      freezeWindows: policy.freeze_windows,
    }),
  };
};
