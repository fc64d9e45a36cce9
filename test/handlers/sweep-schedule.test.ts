import { describe, expect, test } from 'vitest';
import { sweepIntervalMs } from '../../src/handlers/sweep-schedule.ts';

describe('CHANGE_GATE_SWEEP_INTERVAL', () => {
  test('15 minutes by default; any duration; off or 0 turns the sweep off', () => {
    expect(sweepIntervalMs({})).toBe(15 * 60_000);
    expect(sweepIntervalMs({ CHANGE_GATE_SWEEP_INTERVAL: ' ' })).toBe(15 * 60_000);
    expect(sweepIntervalMs({ CHANGE_GATE_SWEEP_INTERVAL: '5m' })).toBe(5 * 60_000);
    expect(sweepIntervalMs({ CHANGE_GATE_SWEEP_INTERVAL: 'off' })).toBeNull();
    expect(sweepIntervalMs({ CHANGE_GATE_SWEEP_INTERVAL: '0' })).toBeNull();
  });

  test('a value that is not a duration stops the app with what to write', () => {
    expect(() => sweepIntervalMs({ CHANGE_GATE_SWEEP_INTERVAL: 'hourly' })).toThrow(
      /^CHANGE_GATE_SWEEP_INTERVAL: "hourly" is not a duration: .*; or off$/,
    );
  });
});
