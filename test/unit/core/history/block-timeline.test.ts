import { describe, expect, it } from 'vitest';
import { blockTimeline } from '../../../../src/core/history/block-timeline.ts';
import type { HistoryEntry } from '../../../../src/core/history/history-entry.ts';
import { BLOCK_1, BLOCK_2, draft, writeChain } from '../../history/history-fixtures.ts';

describe('blockTimeline', () => {
  const chain = writeChain([
    draft(),
    draft({ event: 'approved', actor: 'sec-lead' }),
    draft({ event: 'invalidated', block_hash: BLOCK_2 }),
    draft({ event: 'cancelled', block_hash: null }),
  ]);
  const timeline = blockTimeline(chain.map((w) => ({ entry: w.signed.entry })));

  it('records one point per change of the block hash, skipping entries without one', () => {
    expect(timeline).toEqual([
      { at: '2026-03-01T10:00:00.000Z', hash: BLOCK_1 },
      { at: '2026-03-01T10:02:00.000Z', hash: BLOCK_2 },
    ]);
  });

  it('orders by time even when entries arrive out of order', () => {
    const entries = chain.map((w) => ({ entry: w.signed.entry })).reverse();
    expect(blockTimeline(entries)).toEqual(timeline);
    const late: HistoryEntry = {
      ...chain[0]!.signed.entry,
      at: '2026-03-01T09:00:00.000Z',
      block_hash: BLOCK_2,
    };
    expect(blockTimeline([...entries, { entry: late }])[0]).toEqual({
      at: '2026-03-01T09:00:00.000Z',
      hash: BLOCK_2,
    });
  });
});
