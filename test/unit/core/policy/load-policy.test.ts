import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../../src/core/policy/default-policy.ts';
import { loadPolicy, type PolicyLoad } from '../../../../src/core/policy/load-policy.ts';

const fixture = (path: string) =>
  readFileSync(new URL(`../../../fixtures/config/${path}`, import.meta.url), 'utf8');

function policyOf(result: PolicyLoad) {
  if (result.status !== 'valid') throw new Error(`expected valid: ${JSON.stringify(result.problems)}`);
  return result.policy;
}

function problemsOf(result: PolicyLoad) {
  if (result.status !== 'invalid') throw new Error('expected invalid');
  return result.problems.map((problem) => `${problem.line}:${problem.column} ${problem.message}`);
}

describe('loadPolicy: defaults', () => {
  it('gives the procedure defaults when there is no config', () => {
    for (const input of [null, undefined, {}, '', '# nothing yet\n'])
      expect(policyOf(loadPolicy(input))).toEqual(defaultPolicy());
  });

  it('carries the seed approval workflow, testing, notifications and metric targets', () => {
    const policy = policyOf(loadPolicy(null));
    expect(policy.approval_workflow.high).toEqual({
      approvers: ['security-team', 'engineering-manager', 'change-manager'],
      approval_timeout: '24h',
    });
    expect(policy.approval_workflow.low).toEqual({ approvers: ['change-manager'], approval_timeout: '7d' });
    expect(policy.testing).toEqual({
      required_for: ['security', 'infrastructure'],
      test_environments: ['staging', 'production-like'],
      test_coverage_required: 80,
      required_checks: [],
      coverage_check: '',
      trusted_apps: ['github-actions'],
      trusted_contexts: [],
    });
    expect(policy.separation_of_duties).toEqual({ exclude_commit_authors: true });
    expect(policy.notifications.channels).toEqual(['email', 'slack']);
    expect(policy.metrics.targets).toEqual({
      change_success_rate: 95,
      average_approval_time_high: '24h',
      average_implementation_time: '4h',
      rollback_rate: 5,
      emergency_change_rate: 10,
    });
    expect(policy.label).toBe('change');
    expect(policy.check_name).toBe('Change Gate');
    expect(policy.approvals).toEqual({ approvals_per_role: 1, one_role_per_person: true, stages: [] });
    expect(policy.emergency).toEqual({
      post_implementation_review_within: '72h',
      require_confirmation: true,
    });
  });

  it('loads the seed config verbatim to the same policy as the defaults', () => {
    expect(policyOf(loadPolicy(fixture('valid/seed-config.yml')))).toEqual(defaultPolicy());
  });
});

describe('loadPolicy: merging', () => {
  it('merges a partial config key by key', () => {
    const policy = policyOf(loadPolicy({ change_management: { testing: { test_coverage_required: 90 } } }));
    expect(policy.testing).toEqual({ ...defaultPolicy().testing, test_coverage_required: 90 });
    expect(policy.approval_workflow).toEqual(defaultPolicy().approval_workflow);
  });

  it('merges inside a level: a new timeout keeps the default approvers', () => {
    const policy = policyOf(
      loadPolicy('change_management:\n  approval_workflow:\n    high:\n      approval_timeout: 12h\n'),
    );
    expect(policy.approval_workflow.high).toEqual({
      ...defaultPolicy().approval_workflow.high,
      approval_timeout: '12h',
    });
  });

  it('checks a replaced list against the defaults it leaves in place', () => {
    expect(problemsOf(loadPolicy('change_management:\n  change_types: [feature]\n'))).toEqual([
      '1:1 testing.required_for[0]: "security" is not in change_types (feature); list only configured types',
      '1:1 testing.required_for[1]: "infrastructure" is not in change_types (feature); list only configured types',
    ]);
  });

  it('replaces lists instead of appending to them', () => {
    const policy = policyOf(
      loadPolicy({ change_management: { change_types: ['security', 'infrastructure', 'feature'] } }),
    );
    expect(policy.change_types).toEqual(['security', 'infrastructure', 'feature']);
  });

  it('fills defaults inside roles, catalogue entries and freeze windows', () => {
    const policy = policyOf(loadPolicy(fixture('valid/extensions.yml')));
    expect(policy.roles['security-team-lead']).toEqual({ teams: [], users: ['alice'] });
    expect(policy.pre_approved[1]).toEqual({
      id: 'docs',
      description: 'Documentation only',
      change_types: [],
      max_risk_level: 'low',
      paths: [],
    });
    expect(policy.freeze_windows[1]?.timezone).toBe('UTC');
    expect(policy.approval_workflow.critical?.approval_timeout).toBe('4h');
    expect(policy.label).toBe('change-request');
  });

  it('shares no objects with the defaults or the input', () => {
    const input = { change_management: { change_types: ['security', 'infrastructure'] } };
    const first = policyOf(loadPolicy(input));
    first.change_types.push('mutated');
    first.approval_workflow.high!.approvers.push('mutated');
    expect(input.change_management.change_types).toEqual(['security', 'infrastructure']);
    expect(policyOf(loadPolicy(null)).approval_workflow.high!.approvers).not.toContain('mutated');
  });
});

describe('loadPolicy: rejects bad configs with their path', () => {
  it('rejects unknown keys at every depth, with a suggestion', () => {
    const result = loadPolicy({ change_management: { notifications: { chanels: ['slack'] } }, extra: 1 });
    expect(result.status === 'invalid' && result.problems.map((p) => [p.path, p.message])).toEqual([
      ['/extra', 'top level: unknown key "extra"; allowed keys: _extends, change_management'],
      [
        '/change_management/notifications/chanels',
        'notifications: unknown key "chanels" (did you mean "channels"?)',
      ],
    ]);
  });

  it('has no line numbers for an already parsed object', () => {
    const result = loadPolicy({ change_management: { enabled: 'yes' } });
    expect(result.status === 'invalid' && result.problems[0]).toMatchObject({
      line: 0,
      column: 0,
      path: '/change_management/enabled',
    });
  });

  it('rejects a root that is not a mapping', () => {
    expect(problemsOf(loadPolicy('- a\n- b'))).toEqual(['1:1 top level: expected a mapping, got a list']);
    expect(problemsOf(loadPolicy(42))).toEqual(['0:0 top level: expected a mapping, got a number (42)']);
  });

  it('rejects a change_management key with no value', () => {
    expect(problemsOf(loadPolicy('change_management:\n'))).toEqual([
      '1:1 change_management: expected a mapping, got an empty value',
    ]);
  });

  it('rejects a new level without approvers', () => {
    expect(
      problemsOf(
        loadPolicy('change_management:\n  approval_workflow:\n    critical:\n      approval_timeout: 2h\n'),
      ),
    ).toEqual([
      '3:5 approval_workflow.critical: missing approvers; a level without a default must list its approvers',
    ]);
  });

  it('rejects stage roles that approve nowhere, and accepts those in roles', () => {
    const stages = (roles: string) =>
      `change_management:\n  roles:\n    qa: {teams: [qa]}\n  approvals:\n    stages:\n      - name: s\n        roles: ${roles}\n`;
    expect(loadPolicy(stages('[qa, change-manager]')).status).toBe('valid');
    expect(problemsOf(loadPolicy(stages('[qa, nobody]')))).toEqual([
      '7:21 roles[1]: "nobody" approves at no level and is not in roles; a stage can only order roles that approve',
    ]);
  });

  it('rejects freeze windows that are impossible', () => {
    const text = [
      'change_management:',
      '  freeze_windows:',
      '    - name: backwards',
      '      start: 2025-03-02T00:00',
      '      end: 2025-03-01T00:00',
      '    - name: neither',
      '    - name: short',
      '      recurring: {days: [mon], from: "18:00", to: "09:00"}',
    ].join('\n');
    expect(problemsOf(loadPolicy(text))).toEqual([
      '5:12 end: 2025-03-01T00:00 is not after start 2025-03-02T00:00',
      '6:7 freeze_windows[1] (neither): give start and end (a one-off window) or recurring (a weekly window)',
      '8:51 to: 09:00 is not after from 18:00',
    ]);
  });

  it('rejects duplicate catalogue ids and unknown catalogue types', () => {
    const text =
      'change_management:\n  pre_approved:\n    - {id: a, description: x, change_types: [docs]}\n    - {id: a, description: y}\n';
    expect(problemsOf(loadPolicy(text))).toEqual([
      '3:46 change_types[0]: "docs" is not in change_types (security, feature, bugfix, infrastructure, configuration)',
      '4:12 pre_approved[1]: id "a" is used twice',
    ]);
  });

  it('rejects a role that nobody holds', () => {
    expect(problemsOf(loadPolicy('change_management:\n  roles:\n    cab: {}\n'))).toEqual([
      '3:5 roles.cab: lists no teams and no users, so nobody could approve as cab',
    ]);
  });

  it('rejects an own __proto__ role key without polluting anything', () => {
    const input = JSON.parse('{"change_management": {"roles": {"__proto__": {"users": ["mallory"]}}}}');
    expect(loadPolicy(input).status).toBe('invalid');
    expect(({} as Record<string, unknown>).users).toBeUndefined();
  });

  it('rejects values that are not data', () => {
    const result = loadPolicy({ change_management: { label: () => 'change', check_name: new Date(0) } });
    expect(result.status === 'invalid' && result.problems.map((p) => p.message)).toEqual([
      'label: expected a string, got function',
      'check_name: expected a string, got a mapping',
    ]);
  });
});
