import { describe, expect, it } from 'vitest';
import { pacingFactor } from '../../../src/ops/pacing-factor.ts';

/** A GitHub Enterprise Server: the only place a factor under 1 is taken. */
const GHES = { GHE_HOST: 'github.example.com' };

describe('CHANGE_GATE_PACING_FACTOR', () => {
  it("is 1 (GitHub's pacing) unless set; a number from 0.01 to 1 otherwise", () => {
    expect(pacingFactor({})).toBe(1);
    expect(pacingFactor({ CHANGE_GATE_PACING_FACTOR: ' ' })).toBe(1);
    expect(pacingFactor({ CHANGE_GATE_PACING_FACTOR: '1' })).toBe(1);
    expect(pacingFactor({ CHANGE_GATE_PACING_FACTOR: '1.' })).toBe(1);
    expect(pacingFactor({ ...GHES, CHANGE_GATE_PACING_FACTOR: ' 0.1 ' })).toBe(0.1);
    expect(pacingFactor({ ...GHES, CHANGE_GATE_PACING_FACTOR: '.5' })).toBe(0.5);
    expect(pacingFactor({ ...GHES, CHANGE_GATE_PACING_FACTOR: '00.5' })).toBe(0.5);
    expect(pacingFactor({ ...GHES, CHANGE_GATE_PACING_FACTOR: '0.01' })).toBe(0.01);
  });

  it.each(['0', '0.0', '0.001', '-1', '1.5', '2', 'fast', '1e-1', '0x1', 'Infinity', '0,5'])(
    'refuses %j, naming the setting and what it takes',
    (text) => {
      expect(() => pacingFactor({ ...GHES, CHANGE_GATE_PACING_FACTOR: text })).toThrow(
        `CHANGE_GATE_PACING_FACTOR: "${text}" is not a number from 0.01 to 1 (1 is GitHub's pacing, 0.1 ten times faster)`,
      );
    },
  );

  it('refuses a factor under 1 without GHE_HOST: github.com enforces the limits the pacing keeps to', () => {
    for (const env of [{}, { GHE_HOST: ' ' }]) {
      expect(() => pacingFactor({ ...env, CHANGE_GATE_PACING_FACTOR: '0.1' })).toThrow(
        "CHANGE_GATE_PACING_FACTOR: 0.1 paces faster than github.com's secondary rate limits allow; a factor under 1 is for a GitHub Enterprise Server (GHE_HOST) whose administrator raised them",
      );
    }
  });
});
