import { describe, expect, it } from 'vitest';
import { blockHash } from '../../../../src/core/change-request/block-hash.ts';
import { findChangeBlock } from '../../../../src/core/change-request/find-change-block.ts';
import { changeCalendar, MAX_CALENDAR_EVENTS } from '../../../../src/core/dashboard/change-calendar.ts';
import { scheduledImplementation } from '../../../../src/core/dashboard/scheduled-implementation.ts';
import type { FreezeWindow } from '../../../../src/core/policy/policy.ts';

const ms = (iso: string) => Date.parse(iso);

describe('changeCalendar', () => {
  const from = ms('2026-03-01T00:00:00Z');
  const to = ms('2026-04-01T00:00:00Z');

  it('lists weekly windows in their time zone (DST included), one-off windows and implementations, by start', () => {
    const calendar = changeCalendar({
      from,
      to,
      implementations: [
        {
          change: { repository: 'acme/web', number: 4, change_id: 'CHG-2026-004', status: 'approved' },
          title: 'Move the database',
          start: ms('2026-03-10T02:00:00Z'),
          end: ms('2026-03-10T04:00:00Z'),
          recorded: true,
        },
        {
          change: { repository: 'acme/web', number: 5, change_id: 'CHG-2026-005', status: 'approved' },
          title: 'Outside the range',
          start: ms('2026-05-10T02:00:00Z'),
          end: ms('2026-05-10T04:00:00Z'),
          recorded: true,
        },
      ],
      // Sundays 01:00–03:00 Berlin: CET (UTC+1) until Mar 29, CEST (UTC+2) from then.
      maintenanceWindows: [
        {
          name: 'Sunday',
          timezone: 'Europe/Berlin',
          recurring: { days: ['sun'], from: '01:00', to: '03:00' },
        },
      ],
      freezeWindows: [{ name: 'Close', timezone: 'UTC', start: '2026-02-27T00:00', end: '2026-03-02T00:00' }],
    });
    expect(calendar.events.map((event) => [event.kind, event.start, event.end])).toEqual([
      ['freeze', '2026-02-27T00:00:00.000Z', '2026-03-02T00:00:00.000Z'],
      ['maintenance', '2026-03-01T00:00:00.000Z', '2026-03-01T02:00:00.000Z'],
      ['maintenance', '2026-03-08T00:00:00.000Z', '2026-03-08T02:00:00.000Z'],
      ['implementation', '2026-03-10T02:00:00.000Z', '2026-03-10T04:00:00.000Z'],
      ['maintenance', '2026-03-15T00:00:00.000Z', '2026-03-15T02:00:00.000Z'],
      ['maintenance', '2026-03-22T00:00:00.000Z', '2026-03-22T02:00:00.000Z'],
      ['maintenance', '2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z'],
    ]);
    expect(calendar).toMatchObject({ left_out: 0, problems: [], from: '2026-03-01T00:00:00.000Z' });
  });

  it('names a window it cannot read instead of failing, and caps a long range', () => {
    const bad = {
      name: 'Broken',
      timezone: 'Mars/Olympus',
      recurring: { days: ['mon'], from: '01:00', to: '02:00' },
    };
    const daily: FreezeWindow = {
      name: 'Every day',
      timezone: 'UTC',
      recurring: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '01:00', to: '02:00' },
    };
    const calendar = changeCalendar({
      from,
      to: from + 800 * 86_400_000,
      implementations: [],
      maintenanceWindows: [bad as FreezeWindow, daily],
      freezeWindows: [],
    });
    expect(calendar.problems).toEqual([
      expect.stringContaining('maintenance window "Broken": timezone "Mars/Olympus"'),
    ]);
    expect(calendar.events).toHaveLength(MAX_CALENDAR_EVENTS);
    expect(calendar.left_out).toBeGreaterThan(0);
  });
});

describe('scheduledImplementation', () => {
  const block = 'change_request:\n  title: T\n  scheduled_time: "2026-03-10T02:00:00Z"\n';
  const body = `Intro\n\n\`\`\`yaml\n${block}\`\`\`\n`;

  it('reads scheduled_time for two hours, and whether the block is the one the history recorded', () => {
    const recorded = blockHash(findChangeBlock(body)?.text ?? '');
    expect(scheduledImplementation({ body, recordedBlockHash: recorded })).toEqual({
      start: ms('2026-03-10T02:00:00Z'),
      end: ms('2026-03-10T04:00:00Z'),
      recorded: true,
    });
    expect(scheduledImplementation({ body, recordedBlockHash: 'sha256:other' })?.recorded).toBe(false);
  });

  it.each([
    ['no body', null],
    ['no block', 'just text'],
    ['YAML that does not parse', '```yaml\nchange_request: [\n```\n'],
    ['no scheduled_time', '```yaml\nchange_request:\n  title: T\n```\n'],
    ['not a date', '```yaml\nchange_request:\n  scheduled_time: soon\n```\n'],
  ])('is null for %s', (_, text) => {
    expect(scheduledImplementation({ body: text, recordedBlockHash: null })).toBeNull();
  });
});
