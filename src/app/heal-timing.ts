import { settingDuration } from '../core/text/setting-duration.ts';

export const DEFAULT_HEAL_INTERVAL = '15s';
export const DEFAULT_HEAL_GRACE = '30s';

/**
 * `CHANGE_GATE_HEAL_INTERVAL` (default 15s; `off` or `0` turns the heal round off) and `CHANGE_GATE_HEAL_GRACE`
 * (default 30s: how old a dirty mark must be before the round evaluates its change), read once at start. A
 * value that is not a duration stops the app.
 */
export const healTiming = (
  env: Record<string, string | undefined>,
): { intervalMs: number; graceMs: number } | null => {
  const intervalMs = settingDuration('CHANGE_GATE_HEAL_INTERVAL', env.CHANGE_GATE_HEAL_INTERVAL, {
    fallback: DEFAULT_HEAL_INTERVAL,
    offable: true,
  });
  const graceMs = settingDuration('CHANGE_GATE_HEAL_GRACE', env.CHANGE_GATE_HEAL_GRACE, {
    fallback: DEFAULT_HEAL_GRACE,
    offable: true,
  });
  if (graceMs === null)
    throw new Error(
      'CHANGE_GATE_HEAL_GRACE: off is not a grace period (turn the heal round off with CHANGE_GATE_HEAL_INTERVAL=off)',
    );
  return intervalMs === null ? null : { intervalMs, graceMs };
};
