import type { Report } from '../report/report.ts';

/** A change still open at the dashboard's `as_of` time (snake_case: the dashboard embeds it as JSON). */
export interface OpenChange {
  repository: string;
  number: number;
  change_id: string;
  /** User text: renderers escape it. */
  title: string | null;
  /** The report's status words: `pending`, `approved` or `implementing`. */
  status: string;
  priority: string;
  /** Approval level recorded with the current block (`emergency`, `high`…); null when none was recorded. */
  level: string | null;
  emergency: boolean;
  submitted_at: string;
  /** Since when the current block waits for approval (its submission or last valid edit); null unless pending. */
  waiting_since: string | null;
  /** Approval deadline: `waiting_since` + the level's `approval_timeout`; null unless pending, or unknown. */
  deadline: string | null;
  /** Pending approval past its deadline at `as_of`. */
  overdue: boolean;
  /** How late (`5h`), null when not overdue. */
  overdue_by: string | null;
  /** `escalated` entries recorded since the submission. */
  escalations: number;
}

/** One entry of the change calendar. */
export interface CalendarEvent {
  kind: 'implementation' | 'maintenance' | 'freeze';
  /** The window's name, or the change's title (user text: escaped by renderers). */
  name: string;
  /** ISO instants, end excluded. */
  start: string;
  end: string;
  /** The change scheduled (implementations only). */
  change: { repository: string; number: number; change_id: string; status: string } | null;
  /**
   * Implementations only: whether the schedule comes from the very block the signed history recorded. False
   * when the body was edited since (or never recorded): shown, but marked as not yet reviewed.
   */
  recorded: boolean | null;
}

export interface ChangeCalendar {
  /** ISO bounds, `to` excluded: the report's period and the 30 days after it. */
  from: string;
  to: string;
  events: CalendarEvent[];
  /** Events left out past the cap, per kind; 0 when none. */
  left_out: number;
  /** Windows of the config that cannot be read, each named with why. */
  problems: string[];
}

/**
 * What the HTML dashboard shows: the report, the changes open at `as_of` (the end of the period, or now when
 * the period is not over), and the change calendar. Pure data, embedded in the page as JSON.
 */
export interface Dashboard {
  report: Report;
  as_of: string;
  open_changes: OpenChange[];
  calendar: ChangeCalendar;
}
