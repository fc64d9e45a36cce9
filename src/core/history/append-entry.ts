import { canonicalJson } from './canonical-json.ts';
import { defaultOccurrence } from './default-occurrence.ts';
import type { DraftEntry } from './draft-entry.ts';
import { fitEntryData } from './fit-entry-data.ts';
import type { HistoryEntry } from './history-entry.ts';
import { historyKey } from './history-key.ts';
import { historyEntryProblem } from './signed-entry-problem.ts';
import type { VerifiedEntry } from './verified-entry.ts';

/** Largest entry we sign: its comment (base64 plus sentence) stays well under GitHub's 65,536 characters. */
export const MAX_ENTRY_BYTES = 32 * 1024;
export { MAX_DATA_STRING } from './fit-entry-data.ts';

const bytesOf = (entry: HistoryEntry): number => Buffer.byteLength(canonicalJson(entry), 'utf8');

export interface AppendEntryOptions {
  /** The change's verified history in chain order (`readHistory(...).entries`). */
  history: ReadonlyArray<Pick<VerifiedEntry, 'entry' | 'hash'>>;
  draft: DraftEntry;
  /** When the app records the event. */
  at: Date | string;
}

/**
 * The next entry of a change's history: `prev` = hash of the last verified entry (null for the first),
 * `key` from `historyKey` (see there for the rule), `at` normalised to ISO UTC, `data` bounded by
 * `fitEntryData` so that the entry never exceeds MAX_ENTRY_BYTES, whatever users wrote into it. Throws
 * (TypeError/RangeError) only for programming errors: a draft for another change, an invalid time, a field a
 * reader would reject.
 */
export const appendEntry = ({ history, draft, at }: AppendEntryOptions): HistoryEntry => {
  const last = history.at(-1);
  if (last !== undefined && last.entry.change_id !== draft.change_id) {
    throw new TypeError(
      `appendEntry: the history belongs to ${last.entry.change_id}, the draft to ${draft.change_id}`,
    );
  }
  const time = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(time.getTime())) throw new RangeError(`appendEntry: invalid time ${String(at)}`);
  const prev = last?.hash ?? null;
  const entry: HistoryEntry = {
    v: 1,
    event: draft.event,
    change_id: draft.change_id,
    actor: draft.actor,
    at: time.toISOString(),
    head_sha: draft.head_sha,
    block_hash: draft.block_hash,
    key: historyKey({
      event: draft.event,
      changeId: draft.change_id,
      prev,
      headSha: draft.head_sha,
      blockHash: draft.block_hash,
      occurrence: draft.occurrence ?? defaultOccurrence(draft),
    }),
    prev,
    data: {},
  };
  const shaped = historyEntryProblem({ ...entry, data: fitEntryData(draft.data ?? {}, () => true) });
  if (shaped !== null) throw new TypeError(`appendEntry: ${shaped.path}: ${shaped.message}`);
  entry.data = fitEntryData(draft.data ?? {}, (data) => bytesOf({ ...entry, data }) <= MAX_ENTRY_BYTES);
  return entry;
};
