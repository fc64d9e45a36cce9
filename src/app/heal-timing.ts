import { DurationError, parseDuration } from '../core/text/parse-duration.ts';

export const DEFAULT_HEAL_INTERVAL = '15s';
export const DEFAULT_HEAL_GRACE = '30s';

const duration = (name: string, text: string | undefined, fallback: string): number | null => {
  const value = (text ?? '').trim() || fallback;
  if (value === 'off' || value === '0') return null;
  try {
    return parseDuration(value);
  } catch (error) {
    if (!(error instanceof DurationError)) throw error;
    throw new Error(`${name}: ${error.message}; or off`);
  }
};

/**
 * `CHANGE_GATE_HEAL_INTERVAL` (default 15s; `off` or `0` turns the heal round off) and `CHANGE_GATE_HEAL_GRACE`
 * (default 30s: how old a dirty mark must be before the round evaluates its change), read once at start. A
 * value that is not a duration stops the app.
 */
export const healTiming = (
  env: Record<string, string | undefined>,
): { intervalMs: number; graceMs: number } | null => {
  const intervalMs = duration(
    'CHANGE_GATE_HEAL_INTERVAL',
    env.CHANGE_GATE_HEAL_INTERVAL,
    DEFAULT_HEAL_INTERVAL,
  );
  const graceMs = duration('CHANGE_GATE_HEAL_GRACE', env.CHANGE_GATE_HEAL_GRACE, DEFAULT_HEAL_GRACE);
  if (graceMs === null)
    throw new Error(
      'CHANGE_GATE_HEAL_GRACE: off is not a grace period (turn the heal round off with CHANGE_GATE_HEAL_INTERVAL=off)',
    );
  return intervalMs === null ? null : { intervalMs, graceMs };
};
