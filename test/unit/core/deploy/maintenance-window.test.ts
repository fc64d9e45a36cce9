import { describe, expect, it } from 'vitest';
import { findNextMaintenanceWindow } from '../../../../src/core/deploy/find-next-maintenance-window.ts';
import { maintenanceSlotOf } from '../../../../src/core/deploy/maintenance-slot.ts';
import { maintenanceWindowAt } from '../../../../src/core/deploy/maintenance-window-at.ts';
import { TimeWindowError } from '../../../../src/core/deploy/time-window-error.ts';
import type { FreezeWindow } from '../../../../src/core/policy/policy.ts';

const sundayNight: FreezeWindow = {
  name: 'sunday night',
  timezone: 'Europe/Berlin',
  recurring: { days: ['sun'], from: '01:00', to: '04:00' },
};

const open = (windows: FreezeWindow[], at: string, slot: string | null = null) => {
  const found = maintenanceWindowAt({ windows, slot: maintenanceSlotOf(slot), at: new Date(at) });
  return found && { name: found.name, start: found.start.toISOString(), end: found.end.toISOString() };
};
const next = (windows: FreezeWindow[], at: string, slot: string | null = null) => {
  const found = findNextMaintenanceWindow({ windows, slot: maintenanceSlotOf(slot), at: new Date(at) });
  return found && { name: found.name, start: found.start.toISOString(), end: found.end.toISOString() };
};

describe('maintenanceSlotOf: the change’s own slot', () => {
  it('lasts two hours from scheduled_time, whatever offset it is written with', () => {
    expect(maintenanceSlotOf('2026-12-01T02:00:00Z')).toEqual({
      start: new Date('2026-12-01T02:00:00Z'),
      end: new Date('2026-12-01T04:00:00Z'),
    });
    expect(maintenanceSlotOf('2026-12-01T03:00:00+01:00')?.end.toISOString()).toBe(
      '2026-12-01T04:00:00.000Z',
    );
    expect(maintenanceSlotOf('2026-12-01t02:00:00z')?.start.toISOString()).toBe('2026-12-01T02:00:00.000Z');
  });

  it('is null when scheduled_time is unset or not a date-time', () => {
    expect(maintenanceSlotOf(undefined)).toBeNull();
    expect(maintenanceSlotOf('next tuesday')).toBeNull();
  });
});

describe('maintenanceWindowAt and findNextMaintenanceWindow: weekly windows', () => {
  it('reads the window in its time zone: open inside, closed just before and at the end', () => {
    // 2026-12-06 is a Sunday; Berlin is UTC+1 in winter: 01:00–04:00 local = 00:00–03:00 UTC.
    expect(open([sundayNight], '2026-12-06T00:00:00Z')).toEqual({
      name: 'sunday night',
      start: '2026-12-06T00:00:00.000Z',
      end: '2026-12-06T03:00:00.000Z',
    });
    expect(open([sundayNight], '2026-12-05T23:59:59Z')).toBeNull();
    expect(open([sundayNight], '2026-12-06T03:00:00Z')).toBeNull();
  });

  it('names the next window from mid-week, in UTC', () => {
    expect(next([sundayNight], '2026-12-02T12:00:00Z')).toEqual({
      name: 'sunday night',
      start: '2026-12-06T00:00:00.000Z',
      end: '2026-12-06T03:00:00.000Z',
    });
  });

  it('from inside (or at the very start of) a window, the next one is a week later', () => {
    const weekly: FreezeWindow = {
      name: 'monday',
      timezone: 'UTC',
      recurring: { days: ['mon'], from: '10:00', to: '11:00' },
    };
    expect(next([weekly], '2026-11-30T10:00:00Z')?.start).toBe('2026-12-07T10:00:00.000Z');
    expect(next([weekly], '2026-11-30T10:30:00Z')?.start).toBe('2026-12-07T10:00:00.000Z');
    expect(next([weekly], '2026-11-30T09:59:00Z')?.start).toBe('2026-11-30T10:00:00.000Z');
  });

  it('follows other zones: 22:00–23:30 in New York is 03:00–04:30 UTC the next day in winter', () => {
    const newYork: FreezeWindow = {
      name: 'ny evening',
      timezone: 'America/New_York',
      recurring: { days: ['tue'], from: '22:00', to: '23:30' },
    };
    expect(next([newYork], '2026-12-01T12:00:00Z')).toEqual({
      name: 'ny evening',
      start: '2026-12-02T03:00:00.000Z',
      end: '2026-12-02T04:30:00.000Z',
    });
    expect(open([newYork], '2026-12-02T04:00:00Z')?.name).toBe('ny evening');
  });

  it('is DST-correct on the night the clocks spring forward (Berlin, 29 March 2026)', () => {
    // 01:00 CET = 00:00 UTC; 04:00 CEST = 02:00 UTC: the window is two hours long that night.
    expect(next([sundayNight], '2026-03-28T12:00:00Z')).toEqual({
      name: 'sunday night',
      start: '2026-03-29T00:00:00.000Z',
      end: '2026-03-29T02:00:00.000Z',
    });
    expect(open([sundayNight], '2026-03-29T01:30:00Z')?.name).toBe('sunday night');
    expect(open([sundayNight], '2026-03-29T02:00:00Z')).toBeNull();
    // A week later it is summer time: 01:00 CEST = 23:00 UTC the day before.
    expect(next([sundayNight], '2026-03-29T02:00:00Z')?.start).toBe('2026-04-04T23:00:00.000Z');
  });

  it('takes the earlier start and the later end of times that happen twice (fall back, 25 October 2026)', () => {
    const ambiguous: FreezeWindow = {
      name: 'fall back',
      timezone: 'Europe/Berlin',
      recurring: { days: ['sun'], from: '02:30', to: '03:30' },
    };
    // 02:30 happens at 00:30 UTC (CEST) and 01:30 UTC (CET); 03:30 CET is 02:30 UTC.
    expect(next([ambiguous], '2026-10-24T12:00:00Z')).toEqual({
      name: 'fall back',
      start: '2026-10-25T00:30:00.000Z',
      end: '2026-10-25T02:30:00.000Z',
    });
  });
});

describe('maintenanceWindowAt and findNextMaintenanceWindow: one-off windows and the own slot', () => {
  const upgrade: FreezeWindow = {
    name: 'db upgrade',
    timezone: 'Asia/Tokyo',
    start: '2026-12-10T01:00',
    end: '2026-12-10T03:00',
  };

  it('a one-off window is next until it starts, open while it lasts, then gone', () => {
    expect(next([upgrade], '2026-12-01T00:00:00Z')).toEqual({
      name: 'db upgrade',
      start: '2026-12-09T16:00:00.000Z',
      end: '2026-12-09T18:00:00.000Z',
    });
    expect(open([upgrade], '2026-12-09T17:00:00Z')?.name).toBe('db upgrade');
    expect(next([upgrade], '2026-12-09T17:00:00Z')).toBeNull();
    expect(open([upgrade], '2026-12-09T18:00:00Z')).toBeNull();
  });

  it('the change’s own slot counts as a window, with no config windows at all', () => {
    const slot = '2026-12-03T22:00:00Z';
    expect(next([], '2026-12-01T00:00:00Z', slot)).toEqual({
      name: 'scheduled slot',
      start: '2026-12-03T22:00:00.000Z',
      end: '2026-12-04T00:00:00.000Z',
    });
    expect(open([], '2026-12-03T23:59:00Z', slot)?.name).toBe('scheduled slot');
    expect(open([], '2026-12-04T00:00:00Z', slot)).toBeNull();
    expect(next([], '2026-12-04T00:00:00Z', slot)).toBeNull();
  });

  it('the next window is the earliest of the slot and the config windows', () => {
    // Wednesday: the slot on Thursday comes before Sunday night; after the slot, Sunday night is next.
    expect(next([sundayNight, upgrade], '2026-12-02T12:00:00Z', '2026-12-03T22:00:00Z')?.name).toBe(
      'scheduled slot',
    );
    expect(next([sundayNight, upgrade], '2026-12-04T00:00:00Z', '2026-12-03T22:00:00Z')?.name).toBe(
      'sunday night',
    );
    // Monday after that Sunday: the Tokyo one-off (Wednesday) comes before the next Sunday.
    expect(next([sundayNight, upgrade], '2026-12-07T00:00:00Z')?.name).toBe('db upgrade');
  });

  it('when several are open, the one ending last is named', () => {
    const long: FreezeWindow = {
      ...sundayNight,
      name: 'long',
      recurring: { days: ['sun'], from: '00:00', to: '06:00' },
    };
    expect(open([sundayNight, long], '2026-12-06T01:00:00Z')?.name).toBe('long');
  });
});

describe('maintenance windows that cannot be read are errors naming the window', () => {
  it('names a malformed config window as a maintenance window', () => {
    const bad: FreezeWindow = { name: 'x', timezone: 'Mars/Olympus', recurring: sundayNight.recurring! };
    const at = new Date('2026-12-01T00:00:00Z');
    expect(() => maintenanceWindowAt({ windows: [bad], slot: null, at })).toThrow(TimeWindowError);
    expect(() => findNextMaintenanceWindow({ windows: [bad], slot: null, at })).toThrow(
      /maintenance window "x": timezone "Mars\/Olympus"/,
    );
  });

  it('refuses a slot that ends before it starts and an invalid time', () => {
    const slot = { start: new Date('2026-12-01T02:00:00Z'), end: new Date('2026-12-01T01:00:00Z') };
    expect(() => maintenanceWindowAt({ windows: [], slot, at: new Date('2026-12-01T00:00:00Z') })).toThrow(
      /scheduled slot/,
    );
    expect(() => findNextMaintenanceWindow({ windows: [], slot: null, at: new Date(Number.NaN) })).toThrow(
      TimeWindowError,
    );
  });
});
