import type { Change } from '../change-request/change.ts';
import type { Policy } from './policy.ts';
import { resolveApprovalLevel } from './resolve-approval-level.ts';

/**
 * Roles that must approve a change: its level's approvers, then the roles the form's `approvers:`
 * adds, without duplicates, in that order. The form can add roles, never remove them: a shorter
 * `approvers:` list changes nothing.
 */
export function requiredRoles(policy: Policy, change: Change): string[] {
  const roles = [...resolveApprovalLevel(policy, change).approvers];
  for (const role of change.form.approvers ?? []) if (!roles.includes(role)) roles.push(role);
  return roles;
}
