import type { Policy, RoleHolders } from './policy.ts';

/** Who holds a role: the policy's `roles:` entry, else the organisation team whose slug is the role name. */
export function roleHolders(policy: Policy, role: string): RoleHolders {
  const holders = Object.hasOwn(policy.roles, role) ? policy.roles[role] : undefined;
  if (!holders) return { teams: [role], users: [] };
  return { teams: [...holders.teams], users: [...holders.users] };
}
