import { DurationError, parseDuration } from './parse-duration.ts';

/**
 * A duration setting read once at start (`CHANGE_GATE_SWEEP_INTERVAL`, …): its text, else `fallback`; with
 * `offable`, `off` or `0` is null (the feature turned off). A value that is not a duration throws with the
 * setting's name, so the app stops at start rather than run with a guess.
 */
export function settingDuration(
  name: string,
  text: string | undefined,
  options: { fallback: string; offable: true },
): number | null;
export function settingDuration(
  name: string,
  text: string | undefined,
  options: { fallback: string; offable: false },
): number;
export function settingDuration(
  name: string,
  text: string | undefined,
  options: { fallback: string; offable: boolean },
): number | null {
  const value = (text ?? '').trim() || options.fallback;
  if (options.offable && (value === 'off' || value === '0')) return null;
  try {
    return parseDuration(value);
  } catch (error) {
    if (!(error instanceof DurationError)) throw error;
    throw new Error(`${name}: ${error.message}${options.offable ? '; or off' : ''}`);
  }
}
