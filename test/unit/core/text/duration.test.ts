import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../../src/core/text/format-duration.ts';
import { DurationError, parseDuration } from '../../../../src/core/text/parse-duration.ts';

describe('parseDuration', () => {
  it.each([
    ['30m', 1_800_000],
    ['1h', 3_600_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
  ])('reads %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '0h', '1.5h', '2 days', '1w', 'h', '-1h', '1234567h'])(
    'refuses %j with a message that says what to write',
    (text) => {
      expect(() => parseDuration(text)).toThrow(DurationError);
      expect(() => parseDuration(text)).toThrow(
        /is not a duration: write a whole number followed by m \(minutes\), h \(hours\) or d \(days\)/,
      );
    },
  );

  it('refuses a non-string', () => {
    expect(() => parseDuration(24 as unknown as string)).toThrow('24 is not a duration');
  });

  // What the action's interval and timeout inputs have always read, now in the same grammar.
  it.each([
    ['10s', 10_000],
    ['30m', 1_800_000],
    ['1h', 3_600_000],
    ['500ms', 500],
    ['30', 30_000],
    ['10 s', 10_000],
    [' 45s ', 45_000],
    ['05m', 300_000],
    ['1800000ms', 1_800_000],
  ])('reads the action input %j', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it('reads zero only where the caller accepts it', () => {
    expect(parseDuration('0s', { allowZero: true })).toBe(0);
    expect(parseDuration('0', { allowZero: true })).toBe(0);
    expect(() => parseDuration('0s')).toThrow(DurationError);
  });

  it.each(['soon', '1.5s', '-10s', '10 seconds', '10S', 's', '1234567s', '12345678ms', '1m30s'])(
    'refuses %j with the same message, which names s and ms too',
    (text) => {
      expect(() => parseDuration(text, { allowZero: true })).toThrow(DurationError);
      expect(() => parseDuration(text, { allowZero: true })).toThrow(
        `${JSON.stringify(text)} is not a duration: write a whole number followed by m (minutes), h (hours) or d (days), e.g. 30m, 24h, 7d (or by s or ms, e.g. 10s, 500ms; a bare number is seconds)`,
      );
    },
  );
});

describe('formatDuration', () => {
  it.each([
    [0, '0m'],
    [45_000, '45s'],
    [30 * 60_000, '30m'],
    [90 * 60_000, '1h 30m'],
    [18 * 3_600_000, '18h'],
    [24 * 3_600_000, '24h'],
    [72 * 3_600_000, '72h'],
    [7 * 86_400_000, '7d'],
    [-2 * 3_600_000, '-2h'],
  ])('writes %d ms as %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it('round-trips every single-unit duration it writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999 }), fc.constantFrom('m', 'h', 'd'), (count, unit) => {
        const written = formatDuration(parseDuration(`${count}${unit}`));
        if (!written.includes(' ')) expect(parseDuration(written)).toBe(parseDuration(`${count}${unit}`));
      }),
    );
  });
});
