import type { SimContext } from '../sim-context.ts';
import type { Team } from '../state/types.ts';

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
    organization: {
      login: org.login,
      id: org.id,
      node_id: org.nodeId,
      url: `${ctx.urls.api}/orgs/${org.login}`,
      repos_url: `${ctx.urls.api}/orgs/${org.login}/repos`,
      events_url: `${ctx.urls.api}/orgs/${org.login}/events`,
      hooks_url: `${ctx.urls.api}/orgs/${org.login}/hooks`,
      issues_url: `${ctx.urls.api}/orgs/${org.login}/issues`,
      members_url: `${ctx.urls.api}/orgs/${org.login}/members{/member}`,
      public_members_url: `${ctx.urls.api}/orgs/${org.login}/public_members{/member}`,
      avatar_url: `${ctx.urls.web}/avatars/u/${org.id}`,
      description: null,
      html_url: `${ctx.urls.web}/${org.login}`,
      has_organization_projects: false,
      has_repository_projects: false,
      public_repos: 0,
      public_gists: 0,
      followers: 0,
      following: 0,
      type: 'Organization',
      created_at: org.createdAt,
      updated_at: org.createdAt,
      archived_at: null,
    },
  };
};
