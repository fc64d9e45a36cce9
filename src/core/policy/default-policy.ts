import type { ImplementationSteps, Policy } from './policy.ts';

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
    maintenance_windows: [],
    deploy_branches: [],
    production_environments: ['production'],
    staging_environments: ['staging'],
    review_after: '30d',
    implementation_steps: defaultImplementationSteps(),
    emergency: {
      post_implementation_review_within: '72h',
      require_confirmation: true,
    },
    metrics: {
      targets: {
        change_success_rate: 95,
        average_approval_time_high: '24h',
        average_implementation_time: '4h',
        rollback_rate: 5,
        emergency_change_rate: 10,
      },
    },
    escalation: { contacts: {} },
  };
}

/** The procedure's section 4, "Implementation Steps", with what GitHub can prove about each. */
export function defaultImplementationSteps(): ImplementationSteps {
  return {
    pre_implementation: [
      { id: 'notify_stakeholders', name: 'Notify stakeholders' },
      {
        id: 'prepare_rollback_plan',
        name: 'Prepare rollback plan',
        evidence: 'rollback_plan',
        required_before_deploy: true,
      },
      {
        id: 'schedule_maintenance_window',
        name: 'Schedule maintenance window (if needed)',
        evidence: 'schedule',
      },
      {
        id: 'backup_current_state',
        name: 'Backup current system state',
        required_before_deploy: true,
        required_for_risk: ['high', 'critical'],
      },
    ],
    implementation: [
      { id: 'deploy_to_staging', name: 'Deploy to staging environment', evidence: 'staging_deployment' },
      { id: 'execute_test_plan', name: 'Execute test plan', evidence: 'testing' },
      { id: 'verify_test_results', name: 'Verify test results', evidence: 'testing' },
      { id: 'deploy_to_production', name: 'Deploy to production', evidence: 'production_deployment' },
      { id: 'monitor_system_health', name: 'Monitor system health', evidence: 'deploy_finished' },
    ],
    post_implementation: [
      { id: 'verify_change_success', name: 'Verify change success' },
      { id: 'monitor_for_issues', name: 'Monitor for issues' },
      { id: 'document_implementation', name: 'Document implementation' },
      { id: 'update_documentation', name: 'Update documentation' },
    ],
  };
}
