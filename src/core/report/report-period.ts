const DAY_MS = 86_400_000;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A month (`2025-01`, UTC) or a half-open range of ISO times (`from` included, `to` excluded). */
export type ReportPeriodInput = string | { from: string; to: string };

/** The period a report covers: `[from, to)` in epoch milliseconds, and how the report names it. */
export interface ReportPeriod {
  /** `2025-01` for a month, `<from>/<to>` (an ISO 8601 interval) for a range. */
  label: string;
  from: number;
  to: number;
  /** Length in days (a fraction for a range that is not whole days). */
  days: number;
}

/**
 * Reads a report period. A month runs from its first instant (UTC) to the first instant of the next month;
 * a range is half-open, so a change submitted exactly at `to` belongs to the next period. Throws a
 * RangeError saying what to write for anything else (an empty or reversed range included).
 */
export const reportPeriod = (input: ReportPeriodInput): ReportPeriod => {
  if (typeof input === 'string') {
    const month = MONTH.exec(input.trim());
    if (month === null) {
      throw new RangeError(
        `report period ${JSON.stringify(input)} is not a month: write YYYY-MM, e.g. 2025-01`,
      );
    }
    const year = Number(month[1]);
    const index = Number(month[2]) - 1;
    const from = Date.UTC(year, index, 1);
    const to = Date.UTC(year, index + 1, 1);
    return { label: `${month[1]}-${month[2]}`, from, to, days: (to - from) / DAY_MS };
  }
  const from = Date.parse(input.from);
  const to = Date.parse(input.to);
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) {
    throw new RangeError(
      `report period from ${JSON.stringify(input.from)} to ${JSON.stringify(input.to)} is not a range: write two ISO times, the first before the second, e.g. 2025-01-01T00:00:00Z and 2025-02-01T00:00:00Z`,
    );
  }
  const label = `${new Date(from).toISOString()}/${new Date(to).toISOString()}`;
  return { label, from, to, days: (to - from) / DAY_MS };
};

/** Whether an ISO time falls in the period (`from` included, `to` excluded); false for an unreadable time. */
export const inPeriod = (period: ReportPeriod, at: string): boolean => {
  const time = Date.parse(at);
  return Number.isFinite(time) && time >= period.from && time < period.to;
};
