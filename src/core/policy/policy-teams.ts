import type { Policy } from './policy.ts';
import { roleHolders } from './role-holders.ts';

/**
 * The teams holding the approver roles of every level of the policy's approval workflow, in the policy's
 * order, each once: the teams its changes' evaluations will most likely ask for.
 */
export function policyTeams(policy: Policy): string[] {
  const roles = Object.values(policy.approval_workflow).flatMap((level) => level.approvers);
  return [
    ...new Set(roles.flatMap((role) => roleHolders(policy, role).teams.map((team) => team.toLowerCase()))),
  ];
}
