import { describe, expect, test } from 'vitest';
import {
  MAX_CATCH_UP,
  nextEscalationAt,
  periodsElapsed,
  periodsToEscalate,
} from '../../../../src/core/escalation/escalation-periods.ts';

const HOUR = 3_600_000;
const deadline = '2026-03-03T10:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(deadline) + ms);
const clock = (ms: number, recorded = 0) => ({ deadline, timeoutMs: 24 * HOUR, now: at(ms), recorded });

describe('escalation periods: period k falls due at deadline + (k − 1) × timeout', () => {
  test('none before the deadline, period 1 exactly at it, period 2 exactly one timeout later', () => {
    expect(periodsElapsed(clock(-1))).toBe(0);
    expect(periodsElapsed(clock(0))).toBe(1);
    expect(periodsElapsed(clock(24 * HOUR - 1))).toBe(1);
    expect(periodsElapsed(clock(24 * HOUR))).toBe(2);
    expect(periodsElapsed(clock(2 * 24 * HOUR + 5))).toBe(3);
  });

  test('a change 3 periods late has exactly 3, and nothing more once they are recorded', () => {
    expect(periodsToEscalate(clock(2 * 24 * HOUR))).toEqual([1, 2, 3]);
    expect(periodsToEscalate(clock(2 * 24 * HOUR, 3))).toEqual([]);
    expect(periodsToEscalate(clock(2 * 24 * HOUR + HOUR, 3))).toEqual([]);
    expect(periodsToEscalate(clock(3 * 24 * HOUR, 3))).toEqual([4]);
  });

  test('periods missed while nothing ran are written up to the cap: the latest ones', () => {
    expect(MAX_CATCH_UP).toBe(3);
    expect(periodsToEscalate(clock(9 * 24 * HOUR, 1))).toEqual([8, 9, 10]);
    expect(periodsToEscalate(clock(9 * 24 * HOUR, 8))).toEqual([9, 10]);
  });

  test('the next escalation is the next period, whatever was recorded', () => {
    expect(nextEscalationAt(clock(-HOUR))).toBe(deadline);
    expect(nextEscalationAt(clock(HOUR, 1))).toBe(at(24 * HOUR).toISOString());
    expect(nextEscalationAt(clock(HOUR, 0))).toBe(at(24 * HOUR).toISOString());
    expect(nextEscalationAt(clock(25 * HOUR, 2))).toBe(at(48 * HOUR).toISOString());
  });

  test('a broken deadline or timeout escalates nothing', () => {
    expect(periodsElapsed({ deadline: 'soon', timeoutMs: HOUR, now: at(0) })).toBe(0);
    expect(periodsElapsed({ deadline, timeoutMs: 0, now: at(HOUR) })).toBe(0);
    expect(nextEscalationAt({ deadline, timeoutMs: 0, now: at(0), recorded: 0 })).toBeNull();
  });
});
