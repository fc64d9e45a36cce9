import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findFreezeWindow } from '../../../../src/core/deploy/find-freeze-window.ts';
import { TimeWindowError } from '../../../../src/core/deploy/time-window-error.ts';
import type { FreezeWindow } from '../../../../src/core/policy/policy.ts';

const berlin = (window: Omit<FreezeWindow, 'timezone'>): FreezeWindow => ({
  timezone: 'Europe/Berlin',
  ...window,
});

function endAt(windows: FreezeWindow[], at: string): string | null {
  return findFreezeWindow({ windows, at: new Date(at) })?.endsAt.toISOString() ?? null;
}

describe('findFreezeWindow: one-off windows', () => {
  const holidays = berlin({ name: 'holidays', start: '2026-12-20T00:00', end: '2027-01-04T00:00' });

  it('is in force from its local start (inclusive) to its local end (exclusive)', () => {
    expect(endAt([holidays], '2026-12-19T22:59:59Z')).toBeNull();
    expect(endAt([holidays], '2026-12-19T23:00:00Z')).toBe('2027-01-03T23:00:00.000Z');
    expect(endAt([holidays], '2026-12-24T12:00:00Z')).toBe('2027-01-03T23:00:00.000Z');
    expect(endAt([holidays], '2027-01-03T22:59:59Z')).toBe('2027-01-03T23:00:00.000Z');
    expect(endAt([holidays], '2027-01-03T23:00:00Z')).toBeNull();
  });

  it('returns the window itself', () => {
    expect(findFreezeWindow({ windows: [holidays], at: new Date('2026-12-25T00:00:00Z') })?.window).toBe(
      holidays,
    );
  });

  it('reads each end in the offset in force then (CET start, CEST end across the March switch)', () => {
    const window = berlin({ name: 'w', start: '2026-03-28T12:00', end: '2026-03-29T12:00' });
    expect(endAt([window], '2026-03-28T10:59:59Z')).toBeNull();
    expect(endAt([window], '2026-03-28T11:00:00Z')).toBe('2026-03-29T10:00:00.000Z');
    expect(endAt([window], '2026-03-29T10:00:00Z')).toBeNull();
  });

  it('starts and ends a local time that does not exist (spring forward) at the jump', () => {
    const ends = berlin({ name: 'w', start: '2026-03-29T00:00', end: '2026-03-29T02:30' });
    expect(endAt([ends], '2026-03-29T00:30:00Z')).toBe('2026-03-29T01:00:00.000Z');
    expect(endAt([ends], '2026-03-29T01:00:00Z')).toBeNull();
    const starts = berlin({ name: 'w', start: '2026-03-29T02:30', end: '2026-03-29T05:00' });
    expect(endAt([starts], '2026-03-29T00:59:59Z')).toBeNull();
    expect(endAt([starts], '2026-03-29T01:00:00Z')).toBe('2026-03-29T03:00:00.000Z');
  });

  it('makes a window as long as possible over a local time that happens twice (fall back)', () => {
    // 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET) on 25 October 2026.
    const ends = berlin({ name: 'w', start: '2026-10-25T00:00', end: '2026-10-25T02:30' });
    expect(endAt([ends], '2026-10-25T01:00:00Z')).toBe('2026-10-25T01:30:00.000Z');
    const starts = berlin({ name: 'w', start: '2026-10-25T02:30', end: '2026-10-25T04:00' });
    expect(endAt([starts], '2026-10-25T00:29:59Z')).toBeNull();
    expect(endAt([starts], '2026-10-25T00:30:00Z')).toBe('2026-10-25T03:00:00.000Z');
  });

  it('handles zones west of UTC (New York spring forward at 02:00 EST = 07:00Z)', () => {
    const window: FreezeWindow = {
      name: 'ny',
      timezone: 'America/New_York',
      start: '2026-03-07T12:00',
      end: '2026-03-08T02:30',
    };
    expect(endAt([window], '2026-03-08T06:00:00Z')).toBe('2026-03-08T07:00:00.000Z');
  });
});

describe('findFreezeWindow: recurring windows', () => {
  it('holds on the listed weekdays between from and to, local time', () => {
    const friday = berlin({ name: 'friday', recurring: { days: ['fri'], from: '15:00', to: '18:00' } });
    // Friday 3 July 2026, CEST (UTC+2).
    expect(endAt([friday], '2026-07-03T12:59:59Z')).toBeNull();
    expect(endAt([friday], '2026-07-03T13:00:00Z')).toBe('2026-07-03T16:00:00.000Z');
    expect(endAt([friday], '2026-07-03T16:00:00Z')).toBeNull();
    // Same local time on Thursday: not listed.
    expect(endAt([friday], '2026-07-02T14:00:00Z')).toBeNull();
    // Winter (CET, UTC+1): the same local window is an hour later in UTC.
    expect(endAt([friday], '2026-12-04T13:30:00Z')).toBeNull();
    expect(endAt([friday], '2026-12-04T14:00:00Z')).toBe('2026-12-04T17:00:00.000Z');
  });

  it('wraps past midnight into the next day', () => {
    const night = berlin({ name: 'night', recurring: { days: ['fri'], from: '22:00', to: '06:00' } });
    expect(endAt([night], '2026-07-03T20:00:00Z')).toBe('2026-07-04T04:00:00.000Z');
    // Saturday 04:00 local belongs to Friday's occurrence.
    expect(endAt([night], '2026-07-04T02:00:00Z')).toBe('2026-07-04T04:00:00.000Z');
    expect(endAt([night], '2026-07-04T04:00:00Z')).toBeNull();
    // Saturday 23:00 local: Saturday is not listed.
    expect(endAt([night], '2026-07-04T21:00:00Z')).toBeNull();
  });

  it('ends "24:00" at the next local midnight', () => {
    const evening = berlin({ name: 'evening', recurring: { days: ['fri'], from: '18:00', to: '24:00' } });
    expect(endAt([evening], '2026-07-03T21:30:00Z')).toBe('2026-07-03T22:00:00.000Z');
    expect(endAt([evening], '2026-07-03T22:00:00Z')).toBeNull();
  });

  it('merges consecutive days into one end time', () => {
    const weekend = berlin({
      name: 'weekend',
      recurring: { days: ['sat', 'sun'], from: '00:00', to: '24:00' },
    });
    // Saturday 4 July 10:00 local → Monday 6 July 00:00 local.
    expect(endAt([weekend], '2026-07-04T08:00:00Z')).toBe('2026-07-05T22:00:00.000Z');
    const nights = berlin({
      name: 'nights',
      recurring: { days: ['fri', 'sat', 'sun'], from: '22:00', to: '06:00' },
    });
    // Nights do not touch: Friday night ends Saturday 06:00 even though Saturday is listed.
    expect(endAt([nights], '2026-07-03T21:00:00Z')).toBe('2026-07-04T04:00:00.000Z');
  });

  it('follows the local clock across the October switch (a 9-hour night)', () => {
    const night = berlin({ name: 'night', recurring: { days: ['sat'], from: '22:00', to: '06:00' } });
    // Saturday 24 October 2026 22:00 CEST = 20:00Z; Sunday 06:00 CET = 05:00Z.
    expect(endAt([night], '2026-10-24T19:59:59Z')).toBeNull();
    expect(endAt([night], '2026-10-24T20:00:00Z')).toBe('2026-10-25T05:00:00.000Z');
    expect(endAt([night], '2026-10-25T04:59:59Z')).toBe('2026-10-25T05:00:00.000Z');
  });

  it('follows the local clock across the March switch (a 7-hour night)', () => {
    const night = berlin({ name: 'night', recurring: { days: ['sat'], from: '22:00', to: '06:00' } });
    // Saturday 28 March 2026 22:00 CET = 21:00Z; Sunday 06:00 CEST = 04:00Z.
    expect(endAt([night], '2026-03-28T21:00:00Z')).toBe('2026-03-29T04:00:00.000Z');
    expect(endAt([night], '2026-03-29T04:00:00Z')).toBeNull();
  });

  it('chains into other windows that start before the current one ends, and returns the one ending last', () => {
    const release = berlin({ name: 'release', start: '2026-07-03T08:00', end: '2026-07-03T12:00' });
    const lunch = berlin({ name: 'lunch', recurring: { days: ['fri'], from: '11:00', to: '14:00' } });
    const found = findFreezeWindow({ windows: [release, lunch], at: new Date('2026-07-03T07:00:00Z') });
    expect(found?.window).toBe(release);
    expect(found?.endsAt.toISOString()).toBe('2026-07-03T12:00:00.000Z');
    const both = findFreezeWindow({ windows: [release, lunch], at: new Date('2026-07-03T09:30:00Z') });
    expect(both?.window).toBe(lunch);
  });

  it('stays bounded for a freeze that never ends', () => {
    const always = berlin({
      name: 'always',
      recurring: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', to: '24:00' },
    });
    const found = findFreezeWindow({ windows: [always], at: new Date('2026-07-03T12:00:00Z') });
    expect(found?.endsAt.getTime()).toBeGreaterThan(new Date('2026-08-01T00:00:00Z').getTime());
  });

  it('ends no earlier than the query and never inside any window (property)', () => {
    const windows = [
      berlin({ name: 'a', recurring: { days: ['mon', 'tue'], from: '22:00', to: '06:00' } }),
      berlin({ name: 'b', recurring: { days: ['wed'], from: '01:30', to: '03:30' } }),
      { name: 'c', timezone: 'America/New_York', recurring: { days: ['sun'], from: '00:00', to: '24:00' } },
      berlin({ name: 'd', start: '2026-10-24T20:00', end: '2026-10-25T02:30' }),
    ] satisfies FreezeWindow[];
    const start = Date.parse('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 24 * 60 }), (minutes) => {
        const at = new Date(start + minutes * 60_000);
        const found = findFreezeWindow({ windows, at });
        if (!found) return;
        expect(found.endsAt.getTime()).toBeGreaterThan(at.getTime());
        expect(findFreezeWindow({ windows, at: found.endsAt })).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});

describe('findFreezeWindow: malformed windows are errors naming the window', () => {
  const cases: Array<[string, FreezeWindow, RegExp]> = [
    [
      'unknown zone',
      { name: 'x', timezone: 'Mars/Olympus', start: '2026-01-01T00:00', end: '2026-01-02T00:00' },
      /"x": timezone "Mars\/Olympus"/,
    ],
    [
      'not a date',
      berlin({ name: 'x', start: '2026-02-30T00:00', end: '2026-03-02T00:00' }),
      /start: .*not a calendar date/,
    ],
    [
      'offset given',
      berlin({ name: 'x', start: '2026-01-01T00:00Z', end: '2026-01-02T00:00' }),
      /carries a UTC offset/,
    ],
    [
      'end first',
      berlin({ name: 'x', start: '2026-01-02T00:00', end: '2026-01-01T00:00' }),
      /end .* is not after start/,
    ],
    [
      'both kinds',
      berlin({
        name: 'x',
        start: '2026-01-01T00:00',
        end: '2026-01-02T00:00',
        recurring: { days: ['mon'], from: '01:00', to: '02:00' },
      }),
      /not both/,
    ],
    ['neither kind', berlin({ name: 'x' }), /set start and end/],
    [
      'bad day',
      berlin({ name: 'x', recurring: { days: ['funday' as 'mon'], from: '01:00', to: '02:00' } }),
      /"funday" is not one of/,
    ],
    ['no days', berlin({ name: 'x', recurring: { days: [], from: '01:00', to: '02:00' } }), /at least one/],
    [
      'equal times',
      berlin({ name: 'x', recurring: { days: ['mon'], from: '01:00', to: '01:00' } }),
      /"00:00" to "24:00"/,
    ],
    [
      'bad time',
      berlin({ name: 'x', recurring: { days: ['mon'], from: '25:00', to: '02:00' } }),
      /not a valid time/,
    ],
  ];
  it.each(cases)('%s', (_, window, message) => {
    expect(() => findFreezeWindow({ windows: [window], at: new Date('2026-01-01T12:00:00Z') })).toThrow(
      TimeWindowError,
    );
    expect(() => findFreezeWindow({ windows: [window], at: new Date('2026-01-01T12:00:00Z') })).toThrow(
      message,
    );
  });
});
