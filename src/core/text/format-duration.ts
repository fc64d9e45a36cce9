const MINUTE = 60_000;

/**
 * Writes a duration the way the procedure does (`30m`, `18h`, `7d`). Whole days are written in days only
 * past 72h, so the seed's own `24h` and `72h` read back as written; a rest of minutes is appended
 * (`1h 30m`); under a minute shows seconds. Rounds to the nearest minute (second under a minute).
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < MINUTE) return ms === 0 ? '0m' : `${Math.round(ms / 1000)}s`;
  const minutes = Math.round(ms / MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (rest !== 0) return `${hours}h ${rest}m`;
  if (hours > 72 && hours % 24 === 0) return `${hours / 24}d`;
  return `${hours}h`;
}
