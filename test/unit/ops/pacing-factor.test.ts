import { describe, expect, it } from 'vitest';
import { pacingFactor } from '../../../src/ops/pacing-factor.ts';

describe('CHANGE_GATE_PACING_FACTOR', () => {
  it("is 1 (GitHub's pacing) unless set; a number above 0 and at most 10 otherwise", () => {
    expect(pacingFactor({})).toBe(1);
    expect(pacingFactor({ CHANGE_GATE_PACING_FACTOR: ' ' })).toBe(1);
    expect(pacingFactor({ CHANGE_GATE_PACING_FACTOR: '0.1' })).toBe(0.1);
    expect(pacingFactor({ CHANGE_GATE_PACING_FACTOR: '.5' })).toBe(0.5);
    expect(pacingFactor({ CHANGE_GATE_PACING_FACTOR: '2' })).toBe(2);
    expect(pacingFactor({ CHANGE_GATE_PACING_FACTOR: '10' })).toBe(10);
  });

  it.each(['0', '0.0', '-1', '11', 'fast', '1e-9', '0x1', 'Infinity', '1,5'])(
    'refuses %j, naming the setting and what it takes',
    (text) => {
      expect(() => pacingFactor({ CHANGE_GATE_PACING_FACTOR: text })).toThrow(
        `CHANGE_GATE_PACING_FACTOR: "${text}" is not a number above 0 and at most 10 (1 is GitHub's pacing, 0.1 ten times faster)`,
      );
    },
  );
});
