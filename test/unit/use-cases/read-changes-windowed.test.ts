import { describe, expect, it } from 'vitest';
import { splitCreatedWindow } from '../../../src/core/report/created-window.ts';
import type { ChangeSearchPage, ChangeSearchQuery } from '../../../src/github/ports/report-source-port.ts';
import {
  IncompleteReadError,
  type ReadProgress,
  readChangesWindowed,
} from '../../../src/use-cases/read-changes-windowed.ts';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);

interface Stored {
  number: number;
  createdAt: string;
}

/** GitHub's search over `stored`, in memory: created window, oldest first, 100 a page, 1,000 reachable. */
const fakeSearch = (stored: readonly Stored[], options: { drop?: number; longThread?: number } = {}) => {
  const searches: ChangeSearchQuery[] = [];
  const threads: number[] = [];
  return {
    searches,
    threads,
    port: {
      async searchChanges(query: ChangeSearchQuery, after: string | null): Promise<ChangeSearchPage> {
        searches.push(query);
        const from = query.created.from === null ? -Infinity : Date.parse(query.created.from);
        const to = Date.parse(query.created.to);
        const matches = stored.filter((change) => {
          const time = Date.parse(change.createdAt);
          return time >= from && time < to;
        });
        const start = after === null ? 0 : Number(after);
        const reachable = matches.slice(0, 1_000);
        const page = reachable.slice(start, start + 100).filter((change) => change.number !== options.drop);
        return {
          issueCount: matches.length,
          changes: page.map((change) => ({
            repository: 'acme/web',
            number: change.number,
            createdAt: change.createdAt,
            comments: [],
            commentsComplete: change.number !== options.longThread,
          })),
          next: start + 100 < reachable.length ? String(start + 100) : null,
        };
      },
      async readComments(ref: { owner: string; repo: string; number: number }) {
        threads.push(ref.number);
        return { number: ref.number, createdAt: '', comments: [] };
      },
    },
  };
};

const readAll = async (
  port: ReturnType<typeof fakeSearch>['port'],
  progress: ReadProgress = { pages: 0, changes: 0, total: null },
) => {
  const numbers: number[] = [];
  for await (const page of readChangesWindowed({
    port,
    query: {
      where: { repository: 'acme/web' },
      label: 'change',
      updatedSince: new Date(START).toISOString(),
    },
    anchor: START,
    createdBefore: START + 90 * DAY,
    progress,
  }))
    numbers.push(...page.map((change) => change.number));
  return numbers;
};

/** `count` changes from `start`, `spacing` apart. */
const spread = (count: number, start: number, spacing: number): Stored[] =>
  Array.from({ length: count }, (_, index) => ({
    number: index + 1,
    createdAt: new Date(start + index * spacing).toISOString(),
  }));

describe('splitCreatedWindow', () => {
  it('cuts a bounded window in the middle to the second, and the open one at the anchor then further back', () => {
    expect(splitCreatedWindow({ from: 0, to: 10_000 }, 0)).toEqual([
      { from: 0, to: 5_000 },
      { from: 5_000, to: 10_000 },
    ]);
    expect(splitCreatedWindow({ from: 0, to: 1_000 }, 0)).toBeNull();
    expect(splitCreatedWindow({ from: null, to: START + 10 * DAY }, START)).toEqual([
      { from: null, to: START },
      { from: START, to: START + 10 * DAY },
    ]);
    expect(splitCreatedWindow({ from: null, to: START }, START)?.[0]).toEqual({
      from: null,
      to: START - DAY,
    });
    expect(splitCreatedWindow({ from: null, to: START - DAY }, START)?.[0]).toEqual({
      from: null,
      to: START - 3 * DAY,
    });
  });
});

describe('readChangesWindowed', () => {
  it('reads 2,500 changes once each, in windows of at most 1,000, oldest first', async () => {
    const stored = spread(2_500, START, 3_000_000);
    const { port, searches } = fakeSearch(stored);
    const progress: ReadProgress = { pages: 0, changes: 0, total: null };
    const numbers = await readAll(port, progress);
    expect(numbers).toEqual(stored.map((change) => change.number));
    expect(progress).toEqual({ pages: searches.length, changes: 2_500, total: 2_500 });
    // By hand: the root search (2,500: too many), before the anchor (empty), the 90 days (too many), its two
    // halves (too many), then four quarters of 22.5 days: 648, 648, 648 and 556 changes, read in 7, 7, 7 and 6
    // pages = 1 + 1 + 1 + 2 + 27.
    expect(searches.length).toBe(32);
    expect(searches.filter((search) => search.created.from === null)).toHaveLength(2);
  });

  it('reads long-lived changes created before the anchor in windows going further back', async () => {
    const old = spread(1_200, START - 400 * DAY, DAY / 4).map((change) => ({
      ...change,
      number: change.number + 5_000,
    }));
    const { port } = fakeSearch([...old, ...spread(300, START, DAY / 10)]);
    const numbers = await readAll(port);
    expect(numbers).toHaveLength(1_500);
    expect(new Set(numbers).size).toBe(1_500);
  });

  it('reads a thread longer than its page whole', async () => {
    const { port, threads } = fakeSearch(spread(5, START, DAY), { longThread: 3 });
    expect(await readAll(port)).toEqual([1, 2, 3, 4, 5]);
    expect(threads).toEqual([3]);
  });

  it('throws rather than hand over part of a window', async () => {
    const { port } = fakeSearch(spread(150, START, DAY / 10), { drop: 120 });
    await expect(readAll(port)).rejects.toThrow(IncompleteReadError);
    await expect(readAll(fakeSearch(spread(150, START, DAY / 10), { drop: 120 }).port)).rejects.toThrow(
      /counted 150 changes created before 2026-04-01T00:00:00Z but returned 149/,
    );
    const burst = Array.from({ length: 1_001 }, (_, index) => ({
      number: index + 1,
      createdAt: new Date(START).toISOString(),
    }));
    await expect(readAll(fakeSearch(burst).port)).rejects.toThrow(
      /1001 changes were created from 2026-01-01T00:00:00Z to 2026-01-01T00:00:01Z/,
    );
  });
});
