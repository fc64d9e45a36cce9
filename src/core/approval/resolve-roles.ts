import type { ApprovalStage } from '../policy/policy.ts';
import type { RequiredRole } from './approval-input.ts';

export interface ResolvedRole {
  role: RequiredRole;
  /** Lower-cased logins known to hold the role (listed users and members of readable teams). */
  holders: Set<string>;
  unreadableTeams: string[];
  /** Position of the role's stage in the stage order; null = no stage (no ordering constraint). */
  stageIndex: number | null;
  stageName: string | undefined;
}

/**
 * Resolves who holds each required role. A team missing from `teamMembers` or mapped to null counts
 * nobody (fail closed). Duplicate role names keep the first. A role's stage is its own `stage`, else the
 * first of `stages` listing it; stage names not in `stages` come after the listed ones, in order of appearance.
 */
export function resolveRoles(options: {
  roles: RequiredRole[];
  teamMembers: Record<string, string[] | null>;
  stages: ApprovalStage[];
}): ResolvedRole[] {
  const stageOrder = new Map<string, number>();
  for (const stage of options.stages)
    if (!stageOrder.has(stage.name)) stageOrder.set(stage.name, stageOrder.size);
  const seen = new Set<string>();
  const resolved: ResolvedRole[] = [];
  for (const role of options.roles) {
    if (seen.has(role.name)) continue;
    seen.add(role.name);
    const holders = new Set<string>();
    const unreadableTeams: string[] = [];
    for (const user of role.holders.users) if (typeof user === 'string') holders.add(user.toLowerCase());
    for (const team of role.holders.teams) {
      const members = Object.hasOwn(options.teamMembers, team) ? options.teamMembers[team] : null;
      if (!Array.isArray(members)) {
        if (!unreadableTeams.includes(team)) unreadableTeams.push(team);
        continue;
      }
      for (const member of members) if (typeof member === 'string') holders.add(member.toLowerCase());
    }
    const stageName = role.stage ?? options.stages.find((stage) => stage.roles.includes(role.name))?.name;
    if (stageName !== undefined && !stageOrder.has(stageName)) stageOrder.set(stageName, stageOrder.size);
    const stageIndex = stageName === undefined ? null : stageOrder.get(stageName)!;
    resolved.push({ role, holders, unreadableTeams, stageIndex, stageName });
  }
  return resolved;
}
