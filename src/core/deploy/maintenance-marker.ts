import type { MaintenanceRequest } from './maintenance-request.ts';

/**
 * Which pull requests on a commit deploy to production only inside a maintenance window, and their own slots,
 * written where only our app can write: the summary of our check run on that commit (as the emergency and
 * covered-pulls markers are). The deploy gate learns it from nowhere else: the change block and labels can be
 * edited by anyone after the approval, and user text in a summary is escaped, so no block can forge it.
 *
 *     <!-- change-gate:maintenance #12@2026-12-01T02:00:00.000Z/2026-12-01T04:00:00.000Z #13@- -->
 *
 * `-`: the change has no scheduled slot; only the config's maintenance windows open for it.
 */
const PREFIX = '<!-- change-gate:maintenance';
const INSTANT = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z`;
const ENTRY = new RegExp(String.raw`^#(\d{1,9})@(?:-|(${INSTANT})/(${INSTANT}))$`);
const MARKER = /<!-- change-gate:maintenance((?: [^\s>]{1,80}){1,200}) -->/;

export interface PullMaintenanceRequest {
  number: number;
  request: MaintenanceRequest;
}

export type MaintenanceMarkerRead =
  | { status: 'none' }
  | { status: 'asks'; request: MaintenanceRequest }
  /** Our own run carries a marker that cannot be read: the gate fails closed on it. */
  | { status: 'unreadable'; reason: string };

/** The marker for the pull requests that ask for a window; null when none does. */
export const maintenanceMarker = (requests: readonly PullMaintenanceRequest[]): string | null => {
  if (requests.length === 0) return null;
  const entries = [...requests]
    .sort((a, b) => a.number - b.number)
    .map(({ number, request }) =>
      request.slot
        ? `#${number}@${request.slot.start.toISOString()}/${request.slot.end.toISOString()}`
        : `#${number}@-`,
    );
  return `${PREFIX} ${entries.join(' ')} -->`;
};

/** Whether our run on a commit says pull request #`number` waits for a maintenance window. */
export const readMaintenanceMarker = (options: {
  summary: string | null;
  number: number;
}): MaintenanceMarkerRead => {
  const summary = options.summary ?? '';
  const first = summary.indexOf(PREFIX);
  if (first < 0) return { status: 'none' };
  const unreadable = (why: string): MaintenanceMarkerRead => ({
    status: 'unreadable',
    reason: `the maintenance-window marker of the check run cannot be read (${why}), so the deploy is refused`,
  });
  if (summary.indexOf(PREFIX, first + 1) >= 0) return unreadable('it appears more than once');
  const match = MARKER.exec(summary);
  if (!match || match.index !== first) return unreadable('it is malformed');
  const mine = match[1]!
    .trim()
    .split(' ')
    .map((entry) => ({ entry, parts: ENTRY.exec(entry) }));
  const garbled = mine.find(({ parts }) => parts === null);
  if (garbled) return unreadable(`entry "${garbled.entry.slice(0, 40)}" is malformed`);
  const entries = mine.filter(({ parts }) => Number(parts![1]) === options.number);
  if (entries.length === 0) return { status: 'none' };
  if (entries.length > 1) return unreadable(`#${options.number} is listed more than once`);
  const [, , start, end] = entries[0]!.parts!;
  if (start === undefined || end === undefined) return { status: 'asks', request: { slot: null } };
  const slot = { start: new Date(start), end: new Date(end) };
  const valid = (date: Date, text: string) => Number.isFinite(date.getTime()) && date.toISOString() === text;
  if (!valid(slot.start, start) || !valid(slot.end, end) || slot.end <= slot.start) {
    return unreadable(`the slot of #${options.number} is not a valid interval`);
  }
  return { status: 'asks', request: { slot } };
};
