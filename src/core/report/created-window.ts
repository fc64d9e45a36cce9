/** GitHub's search pages through at most this many results of one query, whatever its issueCount says. */
export const MAX_SEARCH_RESULTS = 1_000;

const SECOND = 1_000;
const DAY = 86_400_000;

/**
 * A window of creation times, `[from, to)` in epoch milliseconds on whole seconds (GitHub's precision);
 * `from` null: no lower bound, so the windows of a read always cover everything created before its end.
 */
export interface CreatedWindow {
  from: number | null;
  to: number;
}

/**
 * Splits a window whose search matched more than GitHub pages through into two that cover exactly the same
 * times. A bounded window is cut in the middle (to the second). The unbounded one is cut below `anchor`
 * (where a read starts: most changes are created after it), each cut twice as far back as the last, so a few
 * old long-lived changes cost a few searches. Null when the window is one second wide: it cannot be split.
 */
export const splitCreatedWindow = (
  window: CreatedWindow,
  anchor: number,
): [CreatedWindow, CreatedWindow] | null => {
  const { from, to } = window;
  let cut: number;
  if (from === null) {
    const step = Math.max(DAY, to - anchor);
    cut = to > anchor ? anchor : anchor - 2 * (anchor - to) - step;
  } else {
    if (to - from < 2 * SECOND) return null;
    cut = from + Math.floor((to - from) / 2 / SECOND) * SECOND;
  }
  return [
    { from, to: cut },
    { from: cut, to },
  ];
};

/** A time as GitHub's search reads it: ISO 8601 in UTC, to the second. */
export const searchTime = (epochMs: number): string => `${new Date(epochMs).toISOString().slice(0, 19)}Z`;

/** Whole seconds, rounded down: a read's bounds are GitHub times. */
export const toSecond = (epochMs: number): number => Math.floor(epochMs / SECOND) * SECOND;
