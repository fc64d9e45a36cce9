import type { HistoryEntry } from '../../src/core/history/history-entry.ts';

/** A signed history entry that `schemas/history-entry.schema.json` accepts: the schema tests' starting point. */
export const SCHEMA_VALID_SIGNED_ENTRY = {
  entry: {
    v: 1,
    event: 'approved',
    change_id: 'CHG-2026-012',
    actor: 'sec-lead',
    at: '2026-03-01T10:00:00.000Z',
    head_sha: 'a'.repeat(40),
    block_hash: `sha256:${'1'.repeat(64)}`,
    key: `approved:CHG-2026-012:${'0'.repeat(32)}`,
    prev: null,
    data: { role: 'security-team' },
  } satisfies HistoryEntry,
  signature: 'A'.repeat(342),
  key_id: `sha256:${'f'.repeat(64)}`,
};
