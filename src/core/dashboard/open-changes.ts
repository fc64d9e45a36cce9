import type { ChangeStatus } from '../decision/change-status.ts';
import { recordedState } from '../decision/recorded-state.ts';
import type { VerifiedEntry } from '../history/verified-entry.ts';
import type { Policy } from '../policy/policy.ts';
import type { ReportChange } from '../report/report.ts';
import { untrustedHistory } from '../report/untrusted-history.ts';
import { formatDuration } from '../text/format-duration.ts';
import { parseDuration } from '../text/parse-duration.ts';
import type { OpenChange } from './dashboard.ts';

const OPEN: Partial<Record<ChangeStatus, string>> = {
  pending_approval: 'pending',
  approved: 'approved',
  implementing: 'implementing',
};

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : null;

/** The level recorded with the current block: the last valid `submitted` or `invalidated` entry's `level`. */
const levelOf = (entries: readonly VerifiedEntry[]): string | null => {
  const last = entries.findLast(
    ({ entry }) =>
      (entry.event === 'submitted' || entry.event === 'invalidated') && entry.data.valid !== false,
  );
  return text(last?.entry.data.level);
};

/** The level's timeout in ms; null for a level the policy does not know or a timeout it cannot read. */
const timeoutOf = (policy: Policy, level: string | null): number | null => {
  const written = level === null ? undefined : policy.approval_workflow[level]?.approval_timeout;
  if (written === undefined) return null;
  try {
    return parseDuration(written);
  } catch {
    return null;
  }
};

/** Earlier deadline first; no deadline last. */
const byDeadline = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : Date.parse(a) - Date.parse(b);

/**
 * The changes open at `asOf` (pending approval, approved, implementing), as their verified history up to that
 * instant records them; a change whose history does not verify is left out (the report lists it apart).
 * A pending change's deadline is the start of its current block plus its level's `approval_timeout` (the
 * policy's, as the app computes it); without a known level, the deadline the submission recorded, when the
 * block has not changed since. Overdue: pending at `asOf` and past that deadline. Sorted: overdue first, then
 * by deadline, then by place.
 */
export const openChanges = (options: {
  changes: readonly ReportChange[];
  policy: Policy;
  asOf: number;
}): OpenChange[] => {
  const { policy, asOf } = options;
  const open: OpenChange[] = [];
  for (const change of options.changes) {
    if (untrustedHistory(change.history.problems).length > 0) continue;
    const entries = change.history.entries.filter(({ entry }) => Date.parse(entry.at) <= asOf);
    const state = recordedState(entries);
    const status = state.status === null ? undefined : OPEN[state.status];
    const submitted = state.submitted?.entry;
    if (status === undefined || submitted === undefined) continue;
    const level = levelOf(entries);
    const pending = status === 'pending';
    let deadline: string | null = null;
    if (pending && state.blockSince !== null) {
      const timeout = timeoutOf(policy, level);
      if (timeout !== null) deadline = new Date(Date.parse(state.blockSince) + timeout).toISOString();
      else if (state.blockSince === submitted.at) deadline = text(submitted.data.deadline);
    }
    const late = deadline === null ? Number.NaN : asOf - Date.parse(deadline);
    const overdue = late >= 0;
    const since = entries.findIndex(({ entry }) => entry === submitted);
    open.push({
      repository: change.repository,
      number: change.number,
      change_id: change.changeId,
      title: text(submitted.data.title),
      status,
      priority: text(submitted.data.priority)?.toLowerCase() ?? 'unknown',
      level,
      emergency: state.emergency,
      submitted_at: submitted.at,
      waiting_since: pending ? state.blockSince : null,
      deadline,
      overdue,
      overdue_by: overdue ? formatDuration(late) : null,
      escalations: entries.slice(since).filter(({ entry }) => entry.event === 'escalated').length,
    });
  }
  return open.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      byDeadline(a.deadline, b.deadline) ||
      a.repository.localeCompare(b.repository) ||
      a.number - b.number,
  );
};
