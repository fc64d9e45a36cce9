import { describe, expect, test } from 'vitest';
import { type HistoryCommit, rangeFromHistory } from '../../../../src/core/deploy/range-from-history.ts';

/** `git log` of a graph given child → parents, newest first (as listed). */
const log = (graph: Array<[string, string[] | null]>): HistoryCommit[] =>
  graph.map(([oid, parents]) => ({ oid, parents }));

describe('rangeFromHistory: base...head from the head’s history, exactly or not at all', () => {
  test('a linear history: the commits after base, oldest first', () => {
    const history = log([
      ['d', ['c']],
      ['c', ['b']],
      ['b', ['a']],
      ['a', ['z']],
    ]);
    expect(rangeFromHistory({ base: 'b', head: 'd', history })).toEqual(['c', 'd']);
    expect(rangeFromHistory({ base: 'd', head: 'd', history })).toEqual([]);
  });

  test('a merge commit whose branch left base itself: the branch’s commits and the merge', () => {
    // m merges s (branched from base b) into b.
    const history = log([
      ['m', ['b', 's']],
      ['s', ['b']],
      ['b', ['a']],
      ['a', null],
    ]);
    expect(rangeFromHistory({ base: 'b', head: 'm', history })).toEqual(['s', 'm']);
  });

  test('a branch that left the default branch before base: not told (the compare decides), never a guess', () => {
    // s branched from a, an ancestor of base b: s is in the range, a is not, and the listing cannot prove it.
    const history = log([
      ['m', ['b', 's']],
      ['s', ['a']],
      ['b', ['a']],
      ['a', []],
    ]);
    expect(rangeFromHistory({ base: 'b', head: 'm', history })).toBeNull();
  });

  test('a parent the listing lacks, parents not all given, or base not an ancestor: null', () => {
    expect(rangeFromHistory({ base: 'a', head: 'c', history: log([['c', ['b']]]) })).toBeNull();
    expect(
      rangeFromHistory({
        base: 'a',
        head: 'c',
        history: log([
          ['c', null],
          ['b', ['a']],
        ]),
      }),
    ).toBeNull();
    // A deploy of an older commit: head is behind base.
    expect(
      rangeFromHistory({
        base: 'c',
        head: 'b',
        history: log([
          ['b', ['a']],
          ['a', []],
        ]),
      }),
    ).toBeNull();
  });

  test('case does not matter in commit ids', () => {
    const history = log([
      ['DD', ['cc']],
      ['CC', ['bb']],
    ]);
    expect(rangeFromHistory({ base: 'BB', head: 'dd', history })).toEqual(['CC', 'DD']);
  });
});
