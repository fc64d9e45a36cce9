import type { HistoryEvent } from './history-entry.ts';
import type { OccurrenceFact } from './history-key.ts';

/** What a use case decides to record; `appendEntry` completes it (version, time, prev, key). */
export interface DraftEntry {
  event: HistoryEvent;
  change_id: string;
  actor: string;
  head_sha: string | null;
  block_hash: string | null;
  /** Event details; conventions read by `describeEntry`: see describe-entry.ts. */
  data?: Record<string, unknown>;
  /** Facts that make this occurrence unique beyond event, prev, head SHA and block hash. Default: `defaultOccurrence`. */
  occurrence?: Record<string, OccurrenceFact>;
}
