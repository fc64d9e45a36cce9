import type { SimContext } from '../sim-context.ts';
import type { Team } from '../state/types.ts';
import { serializeOrganization } from './organization.ts';

/** REST `team-simple`. */
export const serializeTeamSimple = (ctx: SimContext, team: Team) => {
  const org = ctx.store.accountById(team.orgId);
  const api = `${ctx.urls.api}/organizations/${org.id}/team/${team.id}`;
  return {
    id: team.id,
    node_id: team.nodeId,
    url: api,
    html_url: `${ctx.urls.web}/orgs/${org.login}/teams/${team.slug}`,
    name: team.name,
    slug: team.slug,
    description: team.description,
    privacy: team.privacy,
    notification_setting: 'notifications_enabled',
    permission: 'pull',
    members_url: `${api}/members{/member}`,
    repositories_url: `${api}/repos`,
    type: 'organization',
    organization_id: org.id,
  };
};

/** REST `team` (list and get responses carry the parent team). */
export const serializeTeam = (ctx: SimContext, team: Team) => {
  const parent = team.parentId === null ? undefined : ctx.store.teams.get(team.parentId);
  return {
    ...serializeTeamSimple(ctx, team),
    permissions: { pull: true, triage: false, push: false, maintain: false, admin: false },
    parent: parent ? serializeTeamSimple(ctx, parent) : null,
  };
};

/** REST `team-full` (GET /orgs/{org}/teams/{slug}). */
export const serializeTeamFull = (ctx: SimContext, team: Team) => {
  const org = ctx.store.accountById(team.orgId);
  const { permissions: _permissions, ...rest } = serializeTeam(ctx, team);
  return {
    ...rest,
    members_count: team.memberIds.size,
    repos_count: 0,
    created_at: team.createdAt,
    updated_at: team.updatedAt,
    organization: serializeOrganization(ctx, org),
  };
};
