import type { Policy } from './policy.ts';

/**
 * The procedure's own configuration (change-management-procedures.md, "Configuration File") and metric
 * targets ("Targets"), plus the defaults of Change Gate's extensions. A repository's config is merged
 * over this, key by key.
 */
export function defaultPolicy(): Policy {
  return {
    enabled: true,
    change_types: ['security', 'feature', 'bugfix', 'infrastructure', 'configuration'],
    approval_workflow: {
      emergency: { approvers: ['security-team-lead', 'engineering-manager'], approval_timeout: '1h' },
      high: {
        approvers: ['security-team', 'engineering-manager', 'change-manager'],
        approval_timeout: '24h',
      },
      medium: { approvers: ['engineering-manager', 'change-manager'], approval_timeout: '72h' },
      low: { approvers: ['change-manager'], approval_timeout: '7d' },
    },
    testing: {
      required_for: ['security', 'infrastructure'],
      test_environments: ['staging', 'production-like'],
      test_coverage_required: 80,
      required_checks: [],
      coverage_check: '',
      trusted_apps: ['github-actions'],
      trusted_contexts: [],
    },
    notifications: {
      enabled: true,
      channels: ['email', 'slack'],
      recipients: ['change-manager', 'security-team', 'engineering-team'],
    },
    label: 'change',
    check_name: 'Change Gate',
    roles: {},
    approvals: { approvals_per_role: 1, one_role_per_person: true, stages: [] },
    separation_of_duties: { exclude_commit_authors: true },
    scope: { branches: [], paths: [] },
    pre_approved: [],
    freeze_windows: [],
    deploy_branches: [],
    production_environments: ['production'],
    emergency: { retroactive_approval_within: '24h', post_implementation_review_within: '72h' },
    metrics: {
      targets: {
        change_success_rate: 95,
        average_approval_time_high: '24h',
        average_implementation_time: '4h',
        rollback_rate: 5,
        emergency_change_rate: 10,
      },
    },
  };
}
