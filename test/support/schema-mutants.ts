/**
 * A config that `schemas/config.schema.json` accepts with every key of `change_management` (and most nested
 * keys) set: the corpus that reaches every part of the config validator, valid or with one thing changed.
 */
export const SCHEMA_VALID_FULL_CONFIG = {
  _extends: '.github',
  change_management: {
    enabled: true,
    change_types: ['security', 'feature', 'bugfix'],
    approval_workflow: {
      emergency: { approvers: ['security-team-lead'], approval_timeout: '1h' },
      critical: { approvers: ['cto', 'cab'] },
      high: { approvers: ['security-team', 'change-manager'], approval_timeout: '24h' },
      medium: { approvers: ['change-manager'], approval_timeout: '72h' },
      low: { approval_timeout: '7d' },
    },
    testing: {
      required_for: ['security'],
      test_environments: ['staging', 'production-like'],
      test_coverage_required: 80,
      required_checks: ['ci / test'],
      coverage_check: 'coverage',
      trusted_apps: ['github-actions', 42],
      trusted_contexts: ['ci/coverage', { context: 'coverage', creators: ['ci-bot', 'jenkins[bot]'] }],
    },
    notifications: {
      enabled: true,
      channels: ['email', 'slack', 'webhook'],
      recipients: ['change-manager', 'security-team'],
      email: {
        from: 'Change Gate <change-gate@acme.example>',
        smtp_url_env: 'CHANGE_GATE_NOTIFY_SMTP',
        to: { 'change-manager': ['cm@acme.example', 'cab@acme.example'] },
      },
      slack: { webhook_url_env: { 'change-manager': 'CHANGE_GATE_NOTIFY_SLACK_CM' } },
      webhook: { url_env: 'CHANGE_GATE_NOTIFY_HOOK_URL', secret_env: 'CHANGE_GATE_NOTIFY_HOOK_SECRET' },
    },
    label: 'change',
    check_name: 'Change Gate',
    roles: { cab: { teams: ['platform', 'sre.oncall'], users: ['dana', 'ci-bot[bot]'] } },
    approvals: {
      approvals_per_role: 2,
      one_role_per_person: true,
      stages: [
        { name: 'technical-review', roles: ['cab'] },
        { name: 'sign-off', roles: ['change-manager'] },
      ],
    },
    separation_of_duties: { exclude_commit_authors: true },
    scope: { branches: ['main', 'release/*'], paths: ['infra/**'] },
    pre_approved: [
      {
        id: 'dep-bump',
        description: 'Dependency bumps',
        change_types: ['bugfix'],
        max_risk_level: 'low',
        paths: ['package.json', 'package-lock.json'],
      },
    ],
    freeze_windows: [
      { name: 'year-end', timezone: 'Europe/Berlin', start: '2026-12-20T00:00', end: '2027-01-02T00:00' },
      { name: 'weekend', recurring: { days: ['sat', 'sun'], from: '00:00', to: '24:00' } },
    ],
    maintenance_windows: [{ name: 'sunday night', recurring: { days: ['sun'], from: '22:00', to: '23:30' } }],
    deploy_branches: ['release'],
    production_environments: ['production', 'prod-eu'],
    staging_environments: ['staging'],
    review_after: '30d',
    implementation_steps: {
      pre_implementation: [
        {
          id: 'backup_current_state',
          name: 'Back up the current state',
          evidence: 'rollback_plan',
          required_before_deploy: true,
          required_for_risk: ['high', 'critical'],
        },
      ],
      implementation: [{ id: 'deploy_to_production', name: 'Deploy', evidence: 'production_deployment' }],
      post_implementation: [{ id: 'verify', name: 'Verify the change' }],
    },
    emergency: {
      retroactive_approval_within: '1h',
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
    escalation: { contacts: { high: ['change-manager'], emergency: ['security-team-lead', 'cto'] } },
  },
};

/** Values put in place of another: each type, bounds of numbers and strings, repeats, a too-long string. */
const REPLACEMENTS: unknown[] = [
  null,
  7,
  0,
  -1,
  1.5,
  101,
  'x',
  '',
  'UPPER',
  true,
  [],
  {},
  ['x', 'x'],
  'a'.repeat(400),
];

type Json = unknown;

const isObject = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `root` with the value at `path` replaced by what `change` returns (`undefined`: the key or item removed). */
function changedAt(root: Json, path: readonly (string | number)[], change: (value: Json) => Json): Json {
  if (path.length === 0) return change(root);
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    const next = changedAt(copy[head as number], rest, change);
    if (next === undefined) copy.splice(head as number, 1);
    else copy[head as number] = next;
    return copy;
  }
  const copy = { ...(root as Record<string, Json>) };
  const next = changedAt(copy[head as string], rest, change);
  if (next === undefined) delete copy[head as string];
  else copy[head as string] = next;
  return copy;
}

function paths(value: Json, at: (string | number)[] = []): (string | number)[][] {
  const inside = Array.isArray(value)
    ? value.flatMap((item, index) => paths(item, [...at, index]))
    : isObject(value)
      ? Object.entries(value).flatMap(([key, member]) => paths(member, [...at, key]))
      : [];
  return [at, ...inside];
}

/**
 * Values one change away from `value`, at every place in it: the value there replaced by each of
 * REPLACEMENTS, removed, an object given an unknown key, an array given a repeat of its first item, an extra
 * item of another type or emptied. Some stay valid, most do not: both answers, from every part of a schema.
 */
export function schemaMutants(value: Json): Json[] {
  return paths(value).flatMap((path) => {
    const here = path.reduce<Json>((node, key) => (node as Record<string | number, Json>)[key], value);
    const mutants = REPLACEMENTS.map((replacement) => changedAt(value, path, () => replacement));
    if (path.length > 0) mutants.push(changedAt(value, path, () => undefined));
    if (isObject(here))
      mutants.push(changedAt(value, path, (node) => ({ ...(node as object), zz_unknown: 1 })));
    if (Array.isArray(here)) {
      mutants.push(changedAt(value, path, (node) => [...(node as Json[]), (node as Json[])[0]]));
      mutants.push(changedAt(value, path, (node) => [...(node as Json[]), 7]));
      mutants.push(changedAt(value, path, () => []));
    }
    return mutants;
  });
}
