import { describe, expect, it } from 'vitest';
import { inPeriod, reportPeriod } from '../../../../src/core/report/report-period.ts';

describe('reportPeriod', () => {
  it('reads a month as UTC, from its first instant to the next month', () => {
    expect(reportPeriod('2024-02')).toEqual({
      label: '2024-02',
      from: Date.parse('2024-02-01T00:00:00Z'),
      to: Date.parse('2024-03-01T00:00:00Z'),
      days: 29,
    });
    expect(reportPeriod('2025-12').to).toBe(Date.parse('2026-01-01T00:00:00Z'));
  });

  it('reads a half-open range: `from` in, `to` out', () => {
    const period = reportPeriod({ from: '2025-01-01T12:00:00+02:00', to: '2025-01-02T10:00:00Z' });
    expect(period.label).toBe('2025-01-01T10:00:00.000Z/2025-01-02T10:00:00.000Z');
    expect(period.days).toBe(1);
    expect(inPeriod(period, '2025-01-01T10:00:00.000Z')).toBe(true);
    expect(inPeriod(period, '2025-01-02T09:59:59.999Z')).toBe(true);
    expect(inPeriod(period, '2025-01-02T10:00:00.000Z')).toBe(false);
    expect(inPeriod(period, 'not a time')).toBe(false);
  });

  it.each([['2025-1'], ['2025-00'], ['25-01'], ['']])('refuses the month %j', (month) => {
    expect(() => reportPeriod(month)).toThrow(RangeError);
  });

  it('refuses an empty, reversed or unreadable range', () => {
    expect(() => reportPeriod({ from: '2025-01-01', to: '2025-01-01' })).toThrow(
      /the first before the second/,
    );
    expect(() => reportPeriod({ from: '2025-01-02', to: '2025-01-01' })).toThrow(RangeError);
    expect(() => reportPeriod({ from: 'yesterday', to: '2025-01-01' })).toThrow(RangeError);
  });
});
