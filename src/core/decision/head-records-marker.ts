/**
 * Since when each pull request on a commit has had it as its head, as the app saw it: for PR #n, the latest
 * force-push of #n at the time (its GitHub node id, `-` for none) and the highest comment id then. It is
 * kept in the summary of our own check run on that commit, where nobody else can write:
 *
 *     <!-- change-gate:heads #12@4711@- #13@4720@HRFPE_kwDOA -->
 *
 * A comment with a higher id was written after the app saw the commit as #n's head.
 */
export interface HeadRecord {
  number: number;
  /** Node id of #n's latest force-push when the record was made; null when there was none. */
  forcePush: string | null;
  /** The highest comment id of #n when the app first saw this head. */
  afterComment: number;
}

const MARKER = /<!-- change-gate:heads((?: #\d{1,9}@\d{1,15}@[A-Za-z0-9+/=_-]{1,200})+) -->/;

export const headRecordsMarker = (records: readonly HeadRecord[]): string =>
  `<!-- change-gate:heads ${[...records]
    .sort((a, b) => a.number - b.number)
    .map((record) => `#${record.number}@${record.afterComment}@${record.forcePush ?? '-'}`)
    .join(' ')} -->`;

/** The records a summary of ours carries; none when it has no marker. */
export const readHeadRecords = (summary: string | null): HeadRecord[] => {
  const match = MARKER.exec(summary ?? '');
  if (!match) return [];
  return match[1]!
    .trim()
    .split(' ')
    .map((item) => {
      const [number, afterComment, forcePush] = item.slice(1).split('@') as [string, string, string];
      return {
        number: Number(number),
        afterComment: Number(afterComment),
        forcePush: forcePush === '-' ? null : forcePush,
      };
    });
};
