import { parseChange } from '../change-request/parse-change.ts';
import type { PolicyLoad } from '../policy/load-policy.ts';
import { requiredRoles } from '../policy/required-roles.ts';
import { roleHolders } from '../policy/role-holders.ts';

/**
 * The teams whose members an evaluation needs: those holding the change's required roles. Read before
 * evaluating so that the evaluation itself stays pure; nothing when the body holds no valid change.
 */
export const teamsToRead = (options: {
  policy: PolicyLoad;
  body: string;
  labels: readonly string[];
  /** A merged change is final: nobody's approval matters any more. */
  merged: boolean;
}): string[] => {
  if (options.policy.status !== 'valid' || options.merged) return [];
  const policy = options.policy.policy;
  if (!options.labels.some((label) => label.toLowerCase() === policy.label.toLowerCase())) return [];
  const parsed = parseChange(options.body, { changeTypes: policy.change_types });
  if (parsed.status !== 'valid') return [];
  const teams = requiredRoles(policy, parsed.change).flatMap((role) => roleHolders(policy, role).teams);
  return [...new Set(teams)];
};
