import type { ChangeStatus } from '../decision/change-status.ts';

/** The export's `format`: what `audit verify` recognises. */
export const AUDIT_EXPORT_FORMAT = 'change-gate/audit-export';
export const AUDIT_EXPORT_SCHEMA_ID = 'https://change-gate.dev/schemas/audit-export.schema.json';

/** A check run on the approved commit, as GitHub lists it (not signed: read at export time). */
export interface AuditCheckRun {
  id: number;
  name: string;
  /** Slug of the GitHub App that created it; null when GitHub names none. */
  app: string | null;
  app_id: number | null;
  status: string;
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
  url: string | null;
}

/** A commit status on the approved commit (the newest of each context first, as GitHub lists them). */
export interface AuditStatus {
  context: string;
  state: string;
  creator: string | null;
  description: string | null;
  created_at: string | null;
  updated_at: string | null;
  url: string | null;
}

/** The checks GitHub shows on the commit the last approval bound to. */
export interface AuditChecks {
  /** The approved commit (`head_sha` of the last approval entry); null: no approval names a commit (issues). */
  sha: string | null;
  check_runs: AuditCheckRun[];
  statuses: AuditStatus[];
}

export interface AuditDeploymentStatus {
  state: string;
  creator: string | null;
  description: string | null;
  created_at: string | null;
}

/** A deployment as GitHub shows it (not signed): named by a history entry or made of the approved commit. */
export interface AuditDeployment {
  id: number;
  /** False when a history entry names it but GitHub no longer has it (deleted). */
  found: boolean;
  environment: string | null;
  sha: string | null;
  ref: string | null;
  creator: string | null;
  created_at: string | null;
  /** Newest first, as GitHub lists them. */
  statuses: AuditDeploymentStatus[];
}

/** A comment as GitHub served it: the evidence `audit verify` re-reads. Only comments carrying a history marker. */
export interface AuditComment {
  id: number;
  author: string;
  author_is_bot: boolean;
  created_at: string;
  updated_at: string;
  edited: boolean;
  body: string;
}

/** What GitHub told us about one change: everything the export derives the rest from. */
export interface AuditChangeFacts {
  /**
   * The repository's numeric id (GitHub's `databaseId`, the same across a rename or a transfer): entries
   * carrying `data.repository_id` are read by it. Absent in exports made before it was recorded, or when
   * GitHub did not say: entries are then read by name.
   */
  repository_id?: number | null;
  number: number;
  kind: 'pull_request' | 'issue';
  title: string;
  url: string;
  author: string;
  created_at: string;
  /** The pull request's or issue's body now, as written. */
  body: string;
  comments: AuditComment[];
  checks: AuditChecks;
  deployments: AuditDeployment[];
}

/**
 * Each history comment's verdict: `verified` (signed by a given key, of this change), `tampered` (the signed
 * entry was changed), `malformed` (the marker no longer reads), `unknown_key` (signed by a key not given),
 * `forged` (not written by the app's bot), `foreign` (an entry of another change or repository), `duplicate`
 * (a second copy of a verified entry; notice).
 */
export type EntryVerdict =
  | 'verified'
  | 'tampered'
  | 'malformed'
  | 'unknown_key'
  | 'forged'
  | 'foreign'
  | 'duplicate';

/** Where a verified entry sits in the chain: `linked` to the one before; else why not. */
export type ChainLink = 'linked' | 'missing_before' | 'reordered' | 'fork';

/** One history comment, read and judged. Entry fields are null when the marker cannot be read. */
export interface AuditEntry {
  comment_id: number;
  verdict: EntryVerdict;
  /** Null unless verified. */
  chain: ChainLink | null;
  event: string | null;
  change_id: string | null;
  actor: string | null;
  at: string | null;
  head_sha: string | null;
  block_hash: string | null;
  key: string | null;
  prev: string | null;
  /** `entryHash` of the signed entry; null when unreadable. */
  hash: string | null;
  key_id: string | null;
  data: Record<string, unknown> | null;
}

export interface AuditProblem {
  kind: string;
  comment_id: number | null;
  message: string;
  /** True: the history does not verify; false: a notice (an edited comment whose entry is intact, a duplicate, a fork). */
  failing: boolean;
}

export interface AuditHistory {
  entries: AuditEntry[];
  problems: AuditProblem[];
  comments: AuditComment[];
}

/** One approval, from a signed `approved` or `retroactively_approved` entry. */
export interface AuditApproval {
  login: string;
  role: string;
  /** Who holds the role under the exported config (teams of the organisation, users). */
  holders: { teams: string[]; users: string[] };
  event: 'approved' | 'retroactively_approved';
  /** When the app recorded the approval (the entry's time). */
  recorded_at: string;
  head_sha: string | null;
  block_hash: string | null;
  conditions: string[];
  comment_id: number;
  entry_key: string;
}

/** The change block of the body now, and whether it is the one the signed history last recorded. */
export interface AuditRequest {
  body: string;
  /** The YAML change block as written (between its fences); null when the body has none. */
  block: string | null;
  block_hash: string | null;
  parse: 'valid' | 'invalid' | 'missing';
  /** The parsed `change_request:` fields; null unless valid. */
  fields: Record<string, unknown> | null;
  problems: string[];
  /** Block hash of the latest `submitted`/`invalidated` entry; null when none records one. */
  recorded_block_hash: string | null;
  /** Whether the block now is the one recorded; null when nothing is recorded. */
  matches_recorded: boolean | null;
}

/** A deployment event as a signed entry records it. */
export interface RecordedDeployment {
  event: string;
  deployment_id: number | null;
  environment: string | null;
  sha: string | null;
  state: string | null;
  at: string;
  actor: string;
  comment_id: number;
}

export interface AuditChange {
  repository: string;
  /** See AuditChangeFacts: written only when known (additive; older exports lack it). */
  repository_id?: number;
  number: number;
  change_id: string;
  kind: 'pull_request' | 'issue';
  title: string;
  url: string;
  author: string;
  created_at: string;
  /** `verified` only when every history comment verifies and the chain is whole. */
  verdict: 'verified' | 'not_verified';
  /** Every reason it does not verify, one line each; empty when verified. */
  findings: string[];
  status: ChangeStatus | null;
  submitted_at: string | null;
  request: AuditRequest;
  approvals: AuditApproval[];
  approved_sha: string | null;
  checks: AuditChecks;
  deployments: AuditDeployment[];
  recorded_deployments: RecordedDeployment[];
  history: AuditHistory;
}

export interface AuditSummary {
  changes: number;
  verified: number;
  not_verified: number;
  history_comments: number;
  verified_entries: number;
  failing_problems: number;
  notices: number;
  approvals: number;
  check_runs: number;
  statuses: number;
  deployments: number;
}

/** The whole export: one JSON file, `schemas/audit-export.schema.json`. */
export interface AuditExport {
  $schema: string;
  format: typeof AUDIT_EXPORT_FORMAT;
  version: 1;
  generated_at: string;
  repository: string;
  period: { label: string; from: string; to: string };
  selection: { label: string; updated_since: string; rule: string };
  bot_login: string;
  /** Ids of the public keys the export was made with; `audit verify` uses the keys it is given, not these. */
  key_ids: string[];
  /**
   * The config as the app resolves it: where it was read (`owner/repo:path`), the files merged into it (own or the
   * owner's `.github` first, then `_extends`; absent in exports made before it was recorded), its text.
   */
  config: { path: string; files?: string[]; text: string | null };
  summary: AuditSummary;
  index: ControlEvidence[];
  changes: AuditChange[];
}

/** One kind of evidence for a control, and what this export's changes show of it. */
export interface EvidenceItem {
  /** What the control asks for. */
  requirement: string;
  /** What in the export answers it. */
  evidence: string;
  /** JSON pointers into the export (`*`: every change). */
  where: string[];
  /** Changes this evidence applies to (e.g. checks apply to changes approved on a commit). */
  applicable: number;
  /** Of those, how many show it. */
  shown: number;
  /** Change IDs that do not show it: what an auditor follows up. */
  not_shown: string[];
  /** One sentence: the figures above in words. */
  shows: string;
}

/** A control of a framework, and the evidence the export holds for it. */
export interface ControlEvidence {
  framework: string;
  control: string;
  title: string;
  /** How the procedure (and older editions) name it. */
  also_known_as: string[];
  /** The control's requirement, in short. */
  statement: string;
  evidence: EvidenceItem[];
}
