/**
 * Our check run on a commit speaks for every open pull request whose head that commit is (DESIGN: trust
 * model). Its summary ends with this marker, listing them; only runs of our own app are read, so nobody
 * else can write it. The deploy gate accepts a run for pull request #n only when the marker lists #n.
 */
const MARKER = /<!-- change-gate:covers((?: #\d{1,9})+) -->/;

export const coveredPullsMarker = (numbers: readonly number[]): string =>
  `<!-- change-gate:covers ${[...new Set(numbers)]
    .sort((a, b) => a - b)
    .map((number) => `#${number}`)
    .join(' ')} -->`;

/** The pull requests a run of ours speaks for; null when its summary carries no marker (an older run). */
export const readCoveredPulls = (summary: string | null): number[] | null => {
  const match = MARKER.exec(summary ?? '');
  if (!match) return null;
  return match[1]!
    .trim()
    .split(' ')
    .map((item) => Number(item.slice(1)));
};
