import { settingDuration } from '../core/text/setting-duration.ts';

export const DEFAULT_BURST_SPACING = '500ms';
/** Longer would keep a leading delivery past GitHub's 10 s wait for an answer (one process waits for it). */
const MAX_BURST_SPACING_MS = 5_000;

/**
 * `CHANGE_GATE_BURST_SPACING` (default 500ms; `off` or `0`: none): the least time between two evaluations of
 * one change while it keeps receiving events (createJoinableEvaluations' `burstSpacingMs`), read once at start.
 * A value that is not a duration, or one longer than 5 s, stops the app.
 */
export const burstSpacingMs = (env: Record<string, string | undefined>): number => {
  const spacing = settingDuration('CHANGE_GATE_BURST_SPACING', env.CHANGE_GATE_BURST_SPACING, {
    fallback: DEFAULT_BURST_SPACING,
    offable: true,
  });
  if (spacing !== null && spacing > MAX_BURST_SPACING_MS)
    throw new Error(
      `CHANGE_GATE_BURST_SPACING: ${spacing} ms is longer than 5s (a delivery that leads an evaluation waits for it, and GitHub waits 10 s for an answer)`,
    );
  return spacing ?? 0;
};
