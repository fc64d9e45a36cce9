import { afterEach, describe, expect, it, vi } from 'vitest';
import { isValidTimeZone, TIME_ZONE_FORMATTERS_CAPACITY } from '../../../../src/core/deploy/zoned-time.ts';
import { loadPolicy } from '../../../../src/core/policy/load-policy.ts';

/** Counts the ICU formatters built while `work` runs (each holds a few KB outside the JS heap). */
const formattersBuilt = (work: () => void): number => {
  const spy = vi.spyOn(Intl, 'DateTimeFormat');
  try {
    work();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
};

/** A distinct spelling of a valid zone for each `i` (IANA names match in any case). */
const spelling = (i: number): string => {
  const name = 'america/argentina/buenos_aires';
  let out = '';
  let bit = 0;
  for (const char of name) {
    const letter = /[a-z]/.test(char);
    out += letter && (i >> bit++) & 1 ? char.toUpperCase() : char;
  }
  return out;
};

describe('isValidTimeZone', () => {
  afterEach(() => vi.restoreAllMocks());

  it('accepts IANA zones in any case and refuses anything else', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('europe/berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone(`Europe/${'x'.repeat(200)}`)).toBe(false);
  });

  it('builds one formatter per zone spelling, however often a policy naming it is loaded', () => {
    const config = {
      change_management: {
        freeze_windows: [
          {
            name: 'year end',
            timezone: 'Pacific/Chatham',
            start: '2026-12-20T00:00',
            end: '2027-01-04T00:00',
          },
        ],
      },
    };
    expect(loadPolicy(config).status).not.toBe('invalid');
    expect(formattersBuilt(() => loadPolicy(config))).toBe(0);
    expect(
      formattersBuilt(() => {
        for (let i = 0; i < 50; i++) loadPolicy(config);
      }),
    ).toBe(0);
  });

  it('keeps at most TIME_ZONE_FORMATTERS_CAPACITY spellings: the oldest is built again after that', () => {
    expect(spelling(0)).not.toBe(spelling(1));
    const first = spelling(0);
    expect(formattersBuilt(() => isValidTimeZone(first))).toBeLessThanOrEqual(1);
    expect(formattersBuilt(() => isValidTimeZone(first))).toBe(0);
    const built = formattersBuilt(() => {
      for (let i = 1; i <= TIME_ZONE_FORMATTERS_CAPACITY; i++)
        expect(isValidTimeZone(spelling(i))).toBe(true);
    });
    expect(built).toBe(TIME_ZONE_FORMATTERS_CAPACITY);
    // The first spelling was the oldest when the cache went over its capacity: it was let go.
    expect(formattersBuilt(() => isValidTimeZone(first))).toBe(1);
    // The newest is still kept.
    expect(formattersBuilt(() => isValidTimeZone(spelling(TIME_ZONE_FORMATTERS_CAPACITY)))).toBe(0);
  });
});
