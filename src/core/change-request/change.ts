import type { Problem } from '../validation/problem.ts';

export const CHANGE_TYPES = ['security', 'feature', 'bugfix', 'infrastructure', 'configuration'] as const;
export const CLASSIFICATIONS = ['emergency', 'standard', 'normal', 'pre-approved'] as const;
export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export const URGENCIES = ['emergency', 'high', 'medium', 'low'] as const;
export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;

export const EMERGENCY_REASONS = [
  'critical_security_vulnerability',
  'system_outage',
  'data_breach',
  'compliance_violation',
] as const;
export type EmergencyReason = (typeof EMERGENCY_REASONS)[number];
export type Classification = (typeof CLASSIFICATIONS)[number];
export type Priority = (typeof PRIORITIES)[number];
export type Urgency = (typeof URGENCIES)[number];
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** The `change_request:` mapping as the user wrote it (validated against the schema). */
export interface ChangeForm {
  /** System-owned fields: accepted, never trusted. */
  id?: string;
  requester?: string;
  request_date?: string;
  approval_status?: string;

  title: string;
  description?: string;
  /** As written, e.g. `security_enhancement`. */
  change_type: string;
  priority: Priority;
  urgency?: Urgency;
  classification?: Classification;
  /** Required for an emergency change: which of the procedure's emergency criteria applies. */
  emergency_reason?: EmergencyReason;
  affected_systems?: string[];
  impact_scope?: string;
  risk_level?: RiskLevel;
  rollback_plan?: string;
  testing_required?: boolean;
  test_plan?: string;
  test_environment?: string;
  approval_required?: boolean;
  /** Roles the form adds to the level's approvers (never removes). */
  approvers?: string[];
  /** Extension: id of the pre-approved catalogue entry this standard change claims. */
  pre_approved_change?: string;
  /** Extensions used by the implement step. */
  implementation_plan?: string;
  scheduled_time?: string;
  maintenance_window?: boolean;
}

/** A parsed change block inside a Markdown body. */
export interface ChangeBlock {
  /** Text between the fences, line endings normalised to `\n`. */
  readonly text: string;
  /** 1-based line in the body where the block's first content line sits. */
  readonly startLine: number;
  /** `sha256:<hex>` of `text`; binds approvals to what was reviewed. */
  readonly hash: string;
}

/** A valid change request, normalised. */
export interface Change {
  form: ChangeForm;
  block: ChangeBlock;
  /** Normalised type: `security_enhancement` → `security` (suffix rule); unknown stays as written. */
  type: string;
  classification: Classification;
  priority: Priority;
  urgency: Urgency;
}

export type ChangeParse =
  | { status: 'missing' }
  | { status: 'invalid'; block: ChangeBlock | null; problems: Problem[] }
  | { status: 'valid'; change: Change; warnings: Problem[] };
