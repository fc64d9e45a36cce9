import { describe, expect, it } from 'vitest';
import type { ChangeBlock } from '../../../../src/core/change-request/change.ts';
import { locateInBlock } from '../../../../src/core/change-request/locate-in-block.ts';

const blockOf = (text: string): ChangeBlock => Object.freeze({ text, startLine: 3, hash: 'sha256:test' });
const A = blockOf('change_request:\n  title: A\n  rollback_plan: Revert it\n');
const B = blockOf('change_request:\n  priority: low\n\n  title: B\n  rollback_plan: >\n    Undo\n');
const at = (block: ChangeBlock, path: string, target: 'key' | 'value' = 'value') =>
  locateInBlock(block, { path, target });

describe('locateInBlock', () => {
  it('finds values and keys, and the parent key of a missing field', () => {
    expect(at(A, '/change_request/rollback_plan')).toEqual({ line: 3, column: 18 });
    expect(at(A, '/change_request/rollback_plan', 'key')).toEqual({ line: 3, column: 3 });
    expect(at(A, '/change_request/test_plan')).toEqual({ line: 1, column: 1 });
  });

  it('answers for the block asked, whichever block was located before', () => {
    // Alternating blocks: each answer comes from its own block's text, remembered or not.
    for (let round = 0; round < 2; round++) {
      expect(at(B, '/change_request/title')).toEqual({ line: 4, column: 10 });
      expect(at(A, '/change_request/title')).toEqual({ line: 2, column: 10 });
      expect(at(B, '/change_request/rollback_plan')).toEqual({ line: 5, column: 18 });
      expect(at(A, '/change_request/rollback_plan')).toEqual({ line: 3, column: 18 });
    }
    // Another block object with the same text: the same answers.
    expect(at(blockOf(B.text), '/change_request/title')).toEqual({ line: 4, column: 10 });
  });

  it('hands out copies: a caller changing its answer changes no later one', () => {
    const first = at(A, '/change_request/title');
    first.line = 99;
    expect(at(A, '/change_request/title')).toEqual({ line: 2, column: 10 });
  });
});
