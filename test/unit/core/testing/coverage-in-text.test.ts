import { describe, expect, it } from 'vitest';
import { coverageInText } from '../../../../src/core/testing/coverage-in-text.ts';

describe('coverageInText', () => {
  it.each([
    ['Coverage: 83.4%', 83.4],
    ['coverage 90 %', 90],
    ['Line coverage is 100%', 100],
    ['Tests passed (12% skipped). Coverage: 81%', 81],
    ['83.4% of lines covered', 83.4],
    ['Coverage: 0%', 0],
  ])('%s → %s', (text, expected) => {
    expect(coverageInText(text)).toBe(expected);
  });

  it.each([['no figure here'], ['Coverage: 180%'], [''], ['version 1.2.3']])('%s → null', (text) => {
    expect(coverageInText(text)).toBeNull();
  });

  it('null input → null; a figure buried past the scanned start is not read', () => {
    expect(coverageInText(null)).toBeNull();
    expect(coverageInText(`${'x'.repeat(20_000)} Coverage: 90%`)).toBeNull();
  });

  it('stays fast on long runs of digits', () => {
    expect(coverageInText(`1.${'1'.repeat(9_000)}`)).toBeNull();
  });
});
