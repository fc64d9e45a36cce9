import { type EntryRef, entryPlace, type HistoryProblem } from './history-problem.ts';
import type { VerifiedEntry } from './verified-entry.ts';

const refOf = (kept: VerifiedEntry): EntryRef => ({
  commentId: kept.commentId,
  ...(kept.index === undefined || kept.index === 0 ? {} : { index: kept.index }),
  key: kept.entry.key,
  event: kept.entry.event,
});

interface ChainState {
  /** Where `next` sits in posting order. */
  position: number;
  last: VerifiedEntry | undefined;
  keptHashes: ReadonlySet<string>;
  /** Hash → position in posting order, to tell a reordered entry from a missing one. */
  positions: ReadonlyMap<string, number>;
  /** A duplicate's hash → the hash of the kept entry with its key. */
  aliases: ReadonlyMap<string, string>;
}

const chainProblem = (next: VerifiedEntry, state: ChainState): HistoryProblem | null => {
  // An entry appended to a duplicate (the same key written twice by racing writers) follows the kept copy.
  const prev = state.aliases.get(next.entry.prev ?? '') ?? next.entry.prev;
  if (prev === (state.last?.hash ?? null)) return null;
  const after = refOf(next);
  const before = state.last === undefined ? null : refOf(state.last);
  const where =
    before === null
      ? 'before the first entry'
      : `between comment ${entryPlace(before)} and comment ${entryPlace(after)}`;
  const broken = (cause: 'missing' | 'fork' | 'reordered', message: string): HistoryProblem => ({
    kind: 'broken_chain',
    cause,
    before,
    after,
    message,
  });
  if (prev === null || state.keptHashes.has(prev)) {
    return broken(
      'fork',
      `history forks ${where}: comment ${entryPlace(after)} (${after.event}) was appended to an earlier entry, concurrently with the entries after it`,
    );
  }
  if ((state.positions.get(prev) ?? -1) > state.position) {
    return broken(
      'reordered',
      `history is out of order ${where}: comment ${entryPlace(after)} (${after.event}) follows an entry posted after it`,
    );
  }
  return broken(
    'missing',
    `history is missing an entry ${where}: it was deleted, or dropped as untrustworthy`,
  );
};

/**
 * The `broken_chain` problems of verified entries in posting order: each entry's `prev` must be the hash of
 * the entry before it (null for the first), or of a duplicate of it (`aliases`: a duplicate's hash → the kept
 * entry's hash; two replicas that raced wrote one key twice, and a later entry of one of them chains onto its
 * own copy). After a break the check goes on from the entry that broke it, so one deleted entry is one problem.
 */
export const chainProblems = (
  entries: readonly VerifiedEntry[],
  aliases: ReadonlyMap<string, string> = new Map(),
): HistoryProblem[] => {
  const positions = new Map(entries.map((entry, position) => [entry.hash, position]));
  const keptHashes = new Set<string>();
  const problems: HistoryProblem[] = [];
  entries.forEach((next, position) => {
    const problem = chainProblem(next, {
      position,
      last: entries[position - 1],
      keptHashes,
      positions,
      aliases,
    });
    if (problem !== null) problems.push(problem);
    keptHashes.add(next.hash);
  });
  return problems;
};
