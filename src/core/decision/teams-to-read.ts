import { parseChange } from '../change-request/parse-change.ts';
import type { VerifiedEntry } from '../history/verified-entry.ts';
import type { PolicyLoad } from '../policy/load-policy.ts';
import type { Policy } from '../policy/policy.ts';
import { requiredRoles } from '../policy/required-roles.ts';
import { roleHolders } from '../policy/role-holders.ts';
import { recordedState } from './recorded-state.ts';

/**
 * The teams whose members an evaluation needs: those holding the change's required roles (for a change
 * merged while pending, also the roles its history recorded). Read before evaluating so that the evaluation
 * itself stays pure; nothing when the body holds no valid change, or the merged change is settled.
 */
export const teamsToRead = (options: {
  policy: PolicyLoad;
  body: string;
  labels: readonly string[];
  merged: boolean;
  /** The change's verified history, in chain order. */
  history?: readonly VerifiedEntry[];
}): string[] => {
  if (options.policy.status !== 'valid') return [];
  const policy = options.policy.policy;
  const recorded = recordedState(options.history ?? []);
  // An emergency change deployed before approval still counts approvals: the roles recorded for it.
  const emergencyLoop = recorded.emergency && recorded.status === 'implementing';
  if (emergencyLoop) return teamsOf(policy, recorded.requiredRoles);
  if (options.merged && recorded.status !== 'pending_approval' && recorded.status !== 'rejected') return [];
  if (!options.merged && !options.labels.some((label) => label.toLowerCase() === policy.label.toLowerCase()))
    return [];
  const parsed = parseChange(options.body, { changeTypes: policy.change_types });
  if (parsed.status !== 'valid') return [];
  const roles = [...requiredRoles(policy, parsed.change), ...(options.merged ? recorded.requiredRoles : [])];
  return teamsOf(policy, roles);
};

const teamsOf = (policy: Policy, roles: readonly string[]): string[] => [
  ...new Set(roles.flatMap((role) => roleHolders(policy, role).teams)),
];
