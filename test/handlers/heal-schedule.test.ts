import { describe, expect, it } from 'vitest';
import { healTiming } from '../../src/app/heal-timing.ts';

describe('CHANGE_GATE_HEAL_INTERVAL and CHANGE_GATE_HEAL_GRACE', () => {
  it('default to a round every 15 s for marks older than 30 s; off turns the round off', () => {
    expect(healTiming({})).toEqual({ intervalMs: 15_000, graceMs: 30_000 });
    expect(healTiming({ CHANGE_GATE_HEAL_INTERVAL: '1s', CHANGE_GATE_HEAL_GRACE: '2s' })).toEqual({
      intervalMs: 1_000,
      graceMs: 2_000,
    });
    expect(healTiming({ CHANGE_GATE_HEAL_INTERVAL: 'off' })).toBeNull();
    expect(healTiming({ CHANGE_GATE_HEAL_INTERVAL: '0' })).toBeNull();
  });

  it('stop the app on a value that is not a duration, naming the variable', () => {
    expect(() => healTiming({ CHANGE_GATE_HEAL_INTERVAL: 'often' })).toThrow(
      /^CHANGE_GATE_HEAL_INTERVAL: "often" is not a duration: .*; or off$/,
    );
    expect(() => healTiming({ CHANGE_GATE_HEAL_GRACE: 'off' })).toThrow(
      /^CHANGE_GATE_HEAL_GRACE: off is not/,
    );
  });
});
