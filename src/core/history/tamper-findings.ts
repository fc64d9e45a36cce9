import type { ChainHead } from './chain-head-marker.ts';
import { entryPlace, type HistoryProblem } from './history-problem.ts';
import type { ChangeHistoryRead } from './read-history.ts';

/** One sign that someone deleted, edited or cut off the app's history; `id` is stable across evaluations. */
export interface TamperFinding {
  id: string;
  message: string;
}

/**
 * What the app last recorded as the newest entry, from where only it writes: a head; `missing` when that
 * record is gone (an issue's status comment deleted or rewritten); null when there is nothing to read yet
 * (a pull request's new head commit, a run written before heads were recorded).
 */
export type RecordedHead = ChainHead | 'missing' | null;

const short = (hash: string): string => hash.slice(0, 'sha256:'.length + 12);

const fromProblem = (problem: HistoryProblem): TamperFinding | null => {
  switch (problem.kind) {
    case 'tampered':
      return {
        id: `tampered:${entryPlace(problem)}`,
        message: `comment ${entryPlace(problem)} no longer matches its signature: it was edited after the app posted it`,
      };
    case 'malformed':
      return {
        id: `malformed:${entryPlace(problem)}`,
        message: `comment ${entryPlace(problem)} no longer holds a readable entry: it was edited after the app posted it`,
      };
    case 'edited':
      return {
        id: `edited:${problem.commentId}`,
        message: `comment ${problem.commentId} was edited after the app posted it`,
      };
    case 'broken_chain': {
      const { before, after } = problem;
      const next = `comment ${entryPlace(after)} (${after.event})`;
      // Two writers appending to the same entry is a race between replicas, not something a person can do.
      if (problem.cause === 'fork') return null;
      if (problem.cause === 'reordered') {
        return {
          id: `reordered:${entryPlace(after)}`,
          message: `${next} is out of order: it follows an entry posted after it`,
        };
      }
      return {
        id: `missing:${before === null ? 0 : entryPlace(before)}-${entryPlace(after)}`,
        message:
          before === null
            ? `an entry is missing before ${next}, the oldest one left`
            : `an entry is missing between comment ${entryPlace(before)} (${before.event}) and ${next}`,
      };
    }
    // Forged and foreign entries are not this change's chain; duplicates are races; an unknown key drops an
    // entry, which then shows as a missing one.
    default:
      return null;
  }
};

const headFinding = (read: ChangeHistoryRead, head: RecordedHead): TamperFinding | null => {
  const newest = read.entries.at(-1);
  if (head === null) return null;
  if (head === 'missing') {
    if (newest === undefined) return null;
    return {
      id: `head-missing:${short(newest.hash)}`,
      message: "the app's record of the newest entry (its status comment) was deleted or rewritten",
    };
  }
  if (head.hash === null) return null;
  const known =
    read.entries.some((kept) => kept.hash === head.hash) ||
    read.problems.some((problem) => problem.kind === 'duplicate' && problem.duplicateHash === head.hash);
  if (known) return null;
  // As many entries as the record counts, or more: the recorded newest was a racing replica's copy of an entry
  // that is kept (duplicates are deleted), or was followed by others. Deleting entries always leaves fewer than
  // the record counts (only the app can add one, and it records the new head when it does; a deletion racing
  // that write leaves a gap in the chain, a finding of its own).
  if (read.entries.length >= head.count) return null;
  const left =
    newest === undefined
      ? 'none is left'
      : `the newest left is comment ${entryPlace(newest)} (${newest.entry.event})`;
  return {
    id: `truncated:${short(head.hash)}`,
    message: `the newest entry (${short(head.hash)}…, entry ${head.count} of ${head.count}) is missing: it was deleted or edited away; ${left}`,
  };
};

/**
 * Every sign that the history was deleted, edited or cut off: entries that no longer verify or were edited,
 * gaps and reorderings in the chain, and a newest entry (as the app recorded it where only it writes) that is
 * gone. Forks (racing writers), duplicates, forged and foreign entries are not signs of it.
 */
export const tamperFindings = (options: { read: ChangeHistoryRead; head: RecordedHead }): TamperFinding[] => {
  const findings = options.read.problems.map(fromProblem).filter((finding) => finding !== null);
  const head = headFinding(options.read, options.head);
  return head === null ? findings : [...findings, head];
};
