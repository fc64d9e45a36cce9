const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;
const DURATION = /^(\d{1,7})\s*(ms|s|m|h|d)?$/;
/** The config schema's 6 digits; milliseconds may take 7, as the action's inputs always took (`1800000ms`). */
const MAX_DIGITS = 6;
const MAX_MS_DIGITS = 7;

/** A duration a user wrote that Change Gate cannot read. */
export class DurationError extends Error {
  override name = 'DurationError';
}

/**
 * The one duration grammar, for the config (`approval_timeout`) and the action's inputs (`interval`,
 * `timeout`): a whole number, an optional space and a unit, ms, s, m, h or d (`500ms`, `10s`, `30m`, `24h`,
 * `7d`); a bare number is seconds. Zero is a duration only where the caller accepts it (`allowZero`: an
 * action's timeout may be 0). The config schema narrows what a config file may write (m, h or d, no zero);
 * this reads all of it. Anything else throws a DurationError that says what to write instead.
 */
export function parseDuration(text: string, options: { allowZero?: boolean } = {}): number {
  const match = typeof text === 'string' ? DURATION.exec(text.trim()) : null;
  const digits = match?.[1] ?? '';
  const unit: Unit = (match?.[2] as Unit | undefined) ?? 's';
  const count = Number(digits);
  const tooLong = digits.length > (unit === 'ms' ? MAX_MS_DIGITS : MAX_DIGITS);
  if (!match || tooLong || (count === 0 && !options.allowZero)) {
    const shown = typeof text === 'string' ? JSON.stringify(text.slice(0, 40)) : String(text);
    throw new DurationError(
      `${shown} is not a duration: write a whole number followed by m (minutes), h (hours) or d (days), e.g. 30m, 24h, 7d (or by s or ms, e.g. 10s, 500ms; a bare number is seconds)`,
    );
  }
  return count * UNIT_MS[unit];
}
