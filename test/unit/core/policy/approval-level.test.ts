import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../../src/core/policy/default-policy.ts';
import { loadPolicy } from '../../../../src/core/policy/load-policy.ts';
import type { Policy } from '../../../../src/core/policy/policy.ts';
import { requiredRoles } from '../../../../src/core/policy/required-roles.ts';
import { resolveApprovalLevel } from '../../../../src/core/policy/resolve-approval-level.ts';
import { roleHolders } from '../../../../src/core/policy/role-holders.ts';
import { BASE_FORM, changeFrom } from '../change-request/change-for-test.ts';

const form = (...extra: string[]) =>
  changeFrom([...BASE_FORM.filter((l) => !extra.some((e) => e.split(':')[0] === l.split(':')[0])), ...extra]);

function withCritical(): Policy {
  const result = loadPolicy({
    change_management: { approval_workflow: { critical: { approvers: ['cto'], approval_timeout: '2h' } } },
  });
  if (result.status !== 'valid') throw new Error('policy');
  return result.policy;
}

describe('resolveApprovalLevel', () => {
  const policy = defaultPolicy();

  it.each([
    ['low', 'low', ['change-manager'], '7d', 7 * 86_400_000],
    ['medium', 'medium', ['engineering-manager', 'change-manager'], '72h', 72 * 3_600_000],
    ['high', 'high', ['security-team', 'engineering-manager', 'change-manager'], '24h', 24 * 3_600_000],
  ])('priority %s uses level %s', (priority, name, approvers, timeout, ms) => {
    expect(resolveApprovalLevel(policy, form(`priority: ${priority}`))).toEqual({
      name,
      approvers,
      approval_timeout: timeout,
      timeoutMs: ms,
    });
  });

  it('uses high for critical when no critical level is configured', () => {
    expect(resolveApprovalLevel(policy, form('priority: critical')).name).toBe('high');
  });

  it('uses the critical level when configured', () => {
    expect(resolveApprovalLevel(withCritical(), form('priority: critical'))).toEqual({
      name: 'critical',
      approvers: ['cto'],
      approval_timeout: '2h',
      timeoutMs: 7_200_000,
    });
  });

  it('uses emergency for emergency urgency or classification, whatever the priority', () => {
    expect(resolveApprovalLevel(policy, form('priority: low', 'urgency: emergency')).name).toBe('emergency');
    expect(resolveApprovalLevel(policy, form('priority: low', 'classification: emergency')).name).toBe(
      'emergency',
    );
    expect(resolveApprovalLevel(policy, form('classification: emergency')).timeoutMs).toBe(3_600_000);
  });

  it('ignores urgency high and the other classifications', () => {
    expect(
      resolveApprovalLevel(policy, form('priority: low', 'urgency: high', 'classification: standard')).name,
    ).toBe('low');
  });
});

describe('requiredRoles', () => {
  const policy = defaultPolicy();

  it('adds the roles the form lists after the level approvers, without duplicates', () => {
    const change = form(
      'priority: high',
      'approvers: [security-team-lead, engineering-manager, security-team-lead]',
    );
    expect(requiredRoles(policy, change)).toEqual([
      'security-team',
      'engineering-manager',
      'change-manager',
      'security-team-lead',
    ]);
  });

  it('never removes a level approver, whatever the form lists', () => {
    expect(requiredRoles(policy, form('priority: medium', 'approvers: [change-manager]'))).toEqual([
      'engineering-manager',
      'change-manager',
    ]);
    expect(requiredRoles(policy, form('priority: medium', 'approvers: []'))).toEqual([
      'engineering-manager',
      'change-manager',
    ]);
  });

  it('is the same for approval_status approved as for pending, and for approval_required false', () => {
    const pending = form('priority: high', 'approval_status: pending');
    const approved = form('priority: high', 'approval_status: approved', 'approval_required: false');
    expect(requiredRoles(policy, approved)).toEqual(requiredRoles(policy, pending));
    expect(resolveApprovalLevel(policy, approved)).toEqual(resolveApprovalLevel(policy, pending));
  });
});

describe('roleHolders', () => {
  it('reads a role missing from roles: as the team of the same slug', () => {
    expect(roleHolders(defaultPolicy(), 'security-team')).toEqual({ teams: ['security-team'], users: [] });
  });

  it('uses the roles map when the role is there', () => {
    const result = loadPolicy({
      change_management: { roles: { 'change-manager': { users: ['dana'], teams: ['cab'] } } },
    });
    if (result.status !== 'valid') throw new Error('policy');
    expect(roleHolders(result.policy, 'change-manager')).toEqual({ teams: ['cab'], users: ['dana'] });
  });

  it('does not read inherited object properties as roles', () => {
    expect(roleHolders(defaultPolicy(), 'constructor')).toEqual({ teams: ['constructor'], users: [] });
    expect(roleHolders(defaultPolicy(), '__proto__')).toEqual({ teams: ['__proto__'], users: [] });
  });
});
