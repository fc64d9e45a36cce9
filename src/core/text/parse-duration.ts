const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^([1-9][0-9]{0,5})([mhd])$/;

/** A duration a user wrote that Change Gate cannot read. */
export class DurationError extends Error {
  override name = 'DurationError';
}

/**
 * Reads the policy's durations (`30m`, `1h`, `24h`, `7d`): a whole number and one unit, as the schema's
 * `duration` pattern allows. Anything else throws a DurationError that says what to write instead.
 */
export function parseDuration(text: string): number {
  const match = typeof text === 'string' ? DURATION.exec(text.trim()) : null;
  if (!match) {
    const shown = typeof text === 'string' ? JSON.stringify(text.slice(0, 40)) : String(text);
    throw new DurationError(
      `${shown} is not a duration: write a whole number followed by m (minutes), h (hours) or d (days), e.g. 30m, 24h, 7d`,
    );
  }
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
