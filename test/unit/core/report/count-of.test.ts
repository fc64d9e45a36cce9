import { describe, expect, test } from 'vitest';
import { countOf } from '../../../../src/core/report/report-metric.ts';

describe('a count and what it counts', () => {
  test('one change or deployment in the singular; any other count as written', () => {
    expect(countOf(1, 'approved high-priority changes')).toBe('1 approved high-priority change');
    expect(countOf(1, 'successful production deployments')).toBe('1 successful production deployment');
    expect(countOf(1, 'changes of the period')).toBe('1 change of the period');
    expect(countOf(0, 'approved changes')).toBe('0 approved changes');
    expect(countOf(2, 'approved changes')).toBe('2 approved changes');
  });

  test('only the counted phrase: what follows " of " keeps its plural', () => {
    expect(countOf(1, 'restored of 3 failed or rolled-back production deployments')).toBe(
      '1 restored of 3 failed or rolled-back production deployments',
    );
  });
});
