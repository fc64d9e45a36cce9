export const HISTORY_EVENTS = [
  'submitted',
  'invalidated',
  'cancelled',
  'approved',
  'rejected',
  'approval_voided',
  'implementing',
  'completed',
  'failed',
  'rolled_back',
  'escalated',
  'emergency_confirmed',
  'emergency_implemented',
  'retroactively_approved',
  'reviewed',
  'step_completed',
  'history_tampered',
  'ungated_deployment',
  'requested',
  'voted',
] as const;

export type HistoryEvent = (typeof HISTORY_EVENTS)[number];

/** One lifecycle event, as signed. Keys are snake_case: this is the published, verifiable format. */
export interface HistoryEntry {
  v: 1;
  event: HistoryEvent;
  change_id: string;
  /** Login of the person (or app) whose action caused the event. */
  actor: string;
  /** ISO time the app recorded the event. */
  at: string;
  head_sha: string | null;
  /** `sha256:<hex>` of the change block at the time of the event. */
  block_hash: string | null;
  /** Idempotency key: two writers of the same event produce the same key. */
  key: string;
  /** Hash of the previous entry of this change (`sha256:<hex>`), null for the first. */
  prev: string | null;
  /** Event-specific details (approvers per role, environment, reason, ...). */
  data: Record<string, unknown>;
}

/** An entry with its detached signature. */
export interface SignedEntry {
  entry: HistoryEntry;
  /** Base64url RSA-SHA256 signature over the canonical JSON of `entry`. */
  signature: string;
  /** `sha256:<hex>` fingerprint of the public key (SPKI DER) that verifies it. */
  key_id: string;
}
