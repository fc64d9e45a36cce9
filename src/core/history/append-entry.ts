import { canonicalJson } from './canonical-json.ts';
import { defaultOccurrence } from './default-occurrence.ts';
import type { DraftEntry } from './draft-entry.ts';
import type { HistoryEntry } from './history-entry.ts';
import { historyKey } from './history-key.ts';
import { historyEntryProblem } from './signed-entry-problem.ts';
import type { VerifiedEntry } from './verified-entry.ts';

/** Longest string kept in `data`: user text (a /reject reason) must not overflow a GitHub comment. */
export const MAX_DATA_STRING = 2000;
/** Largest entry we sign: its comment (base64 plus sentence) stays well under GitHub's 65,536 characters. */
export const MAX_ENTRY_BYTES = 32 * 1024;

const clipText = (text: string): string => {
  if (text.length <= MAX_DATA_STRING) return text;
  let end = MAX_DATA_STRING - 1;
  // Never cut a surrogate pair in half.
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}…`;
};

const clip = (value: unknown): unknown => {
  if (typeof value === 'string') return clipText(value);
  if (Array.isArray(value)) return value.map(clip);
  // Only plain objects are rebuilt; anything else stays as is and canonicalJson says why it cannot be signed.
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, clip(item)]));
  }
  return value;
};

export interface AppendEntryOptions {
  /** The change's verified history in chain order (`readHistory(...).entries`). */
  history: ReadonlyArray<Pick<VerifiedEntry, 'entry' | 'hash'>>;
  draft: DraftEntry;
  /** When the app records the event. */
  at: Date | string;
}

/**
 * The next entry of a change's history: `prev` = hash of the last verified entry (null for the first),
 * `key` from `historyKey` (see there for the rule), `at` normalised to ISO UTC, long strings in `data` clipped
 * to MAX_DATA_STRING. Throws (TypeError/RangeError) only for programming errors: a draft for another change,
 * an invalid time, a field a reader would reject, an entry larger than MAX_ENTRY_BYTES.
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
    data: clip(draft.data ?? {}) as Record<string, unknown>,
  };
  const problem = historyEntryProblem(entry);
  if (problem !== null) throw new TypeError(`appendEntry: ${problem.path}: ${problem.message}`);
  const bytes = Buffer.byteLength(canonicalJson(entry), 'utf8');
  if (bytes > MAX_ENTRY_BYTES) {
    throw new RangeError(
      `appendEntry: the entry is ${bytes} bytes, more than ${MAX_ENTRY_BYTES}; shorten its data`,
    );
  }
  return entry;
};
