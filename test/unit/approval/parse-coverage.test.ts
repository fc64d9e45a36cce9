import { describe, expect, it } from 'vitest';
import { parseCoverage } from '../../../src/core/approval/parse-coverage.ts';

describe('parseCoverage', () => {
  it.each([
    ['Coverage: 83.4%', 83.4],
    ['coverage 90 %', 90],
    ['Line coverage is 100%', 100],
    ['Tests passed (12% skipped). Coverage: 81%', 81],
    ['83.4% of lines covered', 83.4],
    ['Coverage: 0%', 0],
  ])('%s → %s', (text, expected) => {
    expect(parseCoverage(text)).toBe(expected);
  });

  it.each([['no figure here'], ['Coverage: 180%'], [''], ['version 1.2.3']])('%s → null', (text) => {
    expect(parseCoverage(text)).toBeNull();
  });

  it('null input → null; a figure buried past the scanned start is not read', () => {
    expect(parseCoverage(null)).toBeNull();
    expect(parseCoverage(`${'x'.repeat(20_000)} Coverage: 90%`)).toBeNull();
  });

  it('stays fast on long runs of digits', () => {
    expect(parseCoverage(`1.${'1'.repeat(9_000)}`)).toBeNull();
  });
});
