/**
 * The `change_management:` configuration after defaults are applied. Keys keep the seed's snake_case so
 * that the YAML a user writes, the schema and this type read the same.
 * Everything but the seed's own keys is an optional extension with a default.
 */
export interface Policy {
  enabled: boolean;
  change_types: string[];
  /** Level name (emergency, critical, high, medium, low) → who approves and how fast. */
  approval_workflow: Record<string, ApprovalLevel>;
  testing: TestingPolicy;
  notifications: NotificationPolicy;
  /** Label that makes a PR or issue a change request. */
  label: string;
  /** Name of the check run the app posts on every PR. */
  check_name: string;
  /** Role → the teams and users that hold it. A role not listed here is the team slug of the same name. */
  roles: Record<string, RoleHolders>;
  approvals: ApprovalRules;
  /** Who may not approve besides the author. */
  separation_of_duties: { exclude_commit_authors: boolean };
  /** Where a PR must be a change request. Empty = nowhere (any PR may go without one). */
  scope: { branches: string[]; paths: string[] };
  /** Catalogue of standard changes that are approved by policy. */
  pre_approved: PreApprovedEntry[];
  freeze_windows: FreezeWindow[];
  /** Periods in which a change that asks for a maintenance window may deploy to production (besides its own slot). */
  maintenance_windows: FreezeWindow[];
  /** Branches besides the default branch whose merged pull requests may be deployed. Empty = the default branch only. */
  deploy_branches: string[];
  /** Deployment environments whose deployments move a change's status (implementing → completed…); others are recorded only. */
  production_environments: string[];
  /** Environments whose successful deployment of a change's commit ticks its *deploy to staging* step. */
  staging_environments: string[];
  /** Duration after completion when the change's next review is due (the procedure's `next_review`). */
  review_after: string;
  /** The procedure's implementation steps (section 4), per phase, as each change's task list. */
  implementation_steps: ImplementationSteps;
  emergency: EmergencyPolicy;
  metrics: { targets: MetricTargets };
  /** Who is told when a change is still waiting past its deadline. */
  escalation: EscalationPolicy;
}

export interface EscalationPolicy {
  /** Level name → the roles escalated to (mentioned and notified); a level not listed escalates to `change-manager`. */
  contacts: Record<string, string[]>;
}

export interface EmergencyPolicy {
  /** Duration; unset = the emergency level's `approval_timeout`. */
  retroactive_approval_within?: string;
  post_implementation_review_within: string;
  /** An emergency change deploys before approval only once an emergency approver other than the author confirms it. */
  require_confirmation: boolean;
}

export const IMPLEMENTATION_PHASES = ['pre_implementation', 'implementation', 'post_implementation'] as const;
export type ImplementationPhase = (typeof IMPLEMENTATION_PHASES)[number];
export type ImplementationSteps = Record<ImplementationPhase, ImplementationStep[]>;

/** What GitHub can prove about a step, so the app ticks it (and people cannot). */
export const STEP_EVIDENCE = [
  'rollback_plan',
  'schedule',
  'staging_deployment',
  'testing',
  'production_deployment',
  'deploy_finished',
] as const;
export type StepEvidence = (typeof STEP_EVIDENCE)[number];

export interface ImplementationStep {
  id: string;
  name: string;
  /** Unset: people tick the step and the app records who. */
  evidence?: StepEvidence;
  /** Blocks the production deploy of a non-emergency change until ticked. */
  required_before_deploy?: boolean;
  /** Limits `required_before_deploy` to these risk levels; unset = every level. */
  required_for_risk?: Array<'low' | 'medium' | 'high' | 'critical'>;
}

export interface ApprovalLevel {
  approvers: string[];
  /** Duration like `1h`, `24h`, `7d`, `30m`. */
  approval_timeout: string;
}

export interface TestingPolicy {
  required_for: string[];
  test_environments: string[];
  /** Percent, 0–100. */
  test_coverage_required: number;
  /** Check runs (by name) that must have succeeded on the head SHA before a change that requires testing is approved. */
  required_checks: string[];
  /** Check run or commit status whose output/description carries a coverage percentage. Empty = none. */
  coverage_check: string;
  /** Apps (GitHub App slug or id) whose check runs count as test results. */
  trusted_apps: Array<string | number>;
  /**
   * Commit status contexts whose statuses count as test results: a context (posted by a trusted app's bot)
   * or a context with the logins allowed to post it.
   */
  trusted_contexts: Array<string | { context: string; creators?: string[] }>;
}

export interface NotificationPolicy {
  enabled: boolean;
  channels: string[];
  /** Roles told about every change. */
  recipients: string[];
  email?: {
    from: string;
    /** Environment variable with the SMTP URL (credentials stay out of the YAML). */
    smtp_url_env: string;
    /** Role → addresses. */
    to?: Record<string, string[]>;
  };
  /** Role → environment variable with its Slack incoming-webhook URL. */
  slack?: { webhook_url_env: Record<string, string> };
  /** A signed JSON webhook (Standard Webhooks): URL and secret from environment variables. */
  webhook?: { url_env: string; secret_env: string };
}

export interface RoleHolders {
  /** Team slugs in the repository's organisation. */
  teams: string[];
  /** GitHub logins. */
  users: string[];
}

export interface ApprovalRules {
  /** Approvals needed from distinct people per role. */
  approvals_per_role: number;
  /** When true, one person's approval satisfies at most one role. */
  one_role_per_person: boolean;
  /** Optional ordered stages: a later stage's approvals count only once every earlier stage is satisfied. */
  stages: ApprovalStage[];
}

export interface ApprovalStage {
  name: string;
  roles: string[];
}

export interface PreApprovedEntry {
  id: string;
  description: string;
  /** Normalised change types this entry covers; empty = any. */
  change_types: string[];
  /** Highest risk level the entry covers. */
  max_risk_level: 'low' | 'medium' | 'high' | 'critical';
  /** When non-empty, every changed file of the PR must match one of these globs. */
  paths: string[];
}

export interface FreezeWindow {
  name: string;
  /** IANA time zone the times below are read in. */
  timezone: string;
  /** One-off window: local date-times `YYYY-MM-DDTHH:mm`. */
  start?: string;
  end?: string;
  /** Recurring weekly window: days `mon`..`sun`, local times `HH:mm` (`to` may be `24:00`). */
  recurring?: {
    days: Array<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'>;
    from: string;
    to: string;
  };
}

export interface MetricTargets {
  /** Percent, minimum. */
  change_success_rate: number;
  /** Duration, maximum, for high-priority changes. */
  average_approval_time_high: string;
  /** Duration, maximum. */
  average_implementation_time: string;
  /** Percent, maximum. */
  rollback_rate: number;
  /** Percent, maximum. */
  emergency_change_rate: number;
}
