/**
 * When a change next needs an evaluation though nothing happens on GitHub (its next escalation), kept where
 * only our app writes: our check run's summary, and an issue's status comment. The sweep reads it from one
 * search and reconciles only the changes that are due:
 *
 *     <!-- change-gate:due 2026-05-01T12:00:00.000Z -->   or   <!-- change-gate:due none -->
 */
const MARKER = /<!-- change-gate:due (none|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z) -->/;

export const dueMarker = (nextDueAt: string | null): string =>
  `<!-- change-gate:due ${nextDueAt === null ? 'none' : new Date(nextDueAt).toISOString()} -->`;

/** `text` with its due marker (if it has one) saying `nextDueAt` instead. */
export const withDueMarker = (text: string, nextDueAt: string | null): string =>
  text.replace(MARKER, dueMarker(nextDueAt));

/**
 * What a summary or comment of ours says: `{ due: null }` when nothing is due, `{ due: time }`, or null when it
 * carries no marker (written before markers, or not ours): the sweep cannot tell, so it treats it as due.
 */
export const readDueMarker = (text: string | null): { due: string | null } | null => {
  const match = MARKER.exec(text ?? '');
  if (!match) return null;
  return { due: match[1] === 'none' ? null : (match[1] as string) };
};

/** The earliest of several due times (null = none is due). */
export const earliestDue = (times: ReadonlyArray<string | null | undefined>): string | null =>
  times
    .filter((time): time is string => typeof time === 'string')
    .reduce<string | null>(
      (earliest, time) => (earliest === null || time < earliest ? time : earliest),
      null,
    );
