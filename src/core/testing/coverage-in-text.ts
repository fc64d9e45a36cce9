/** Only the start of a check's output is searched: a percentage is never buried deeper in a report. */
const MAX_SCANNED_CHARS = 10_000;
const LABELLED = /coverage\b[^0-9%\n]{0,40}?(\d{1,3}(?:\.\d+)?)\s*%/i;
const ANY = /(?<![\d.])(\d{1,3}(?:\.\d+)?)\s*%/;

/**
 * The coverage percentage in a check run's title/summary or a status description (`Coverage: 83.4%`,
 * `83.4% of lines covered`). A number labelled "coverage" wins over the first bare percentage. Null when
 * there is none or it is not between 0 and 100.
 */
export function coverageInText(text: string | null): number | null {
  if (typeof text !== 'string') return null;
  const scanned = text.slice(0, MAX_SCANNED_CHARS);
  const match = LABELLED.exec(scanned) ?? ANY.exec(scanned);
  if (!match) return null;
  const value = Number(match[1]);
  return Number.isFinite(value) && value >= 0 && value <= 100 ? value : null;
}
