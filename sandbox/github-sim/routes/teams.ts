import { HttpError, notFound } from '../http/http-error.ts';
import { paginate } from '../http/paginate.ts';
import type { Route, RouteRequest } from '../http/route.ts';
import { serializeTeam, serializeTeamFull } from '../serializers/team.ts';
import { serializeUserById } from '../serializers/user.ts';
import type { Team } from '../state/types.ts';
import { ok, orgOf } from './route-helpers.ts';

const MEMBERS = ['members:read'];

const teamOf = (request: RouteRequest): Team => {
  if (request.ctx.outages?.teams) throw new HttpError({ status: 502, message: 'Server Error' });
  const org = orgOf(request);
  const team = request.ctx.store.teamBySlug(org.id, request.params.team_slug ?? '');
  if (!team) throw notFound();
  return team;
};

/** Members of a team and of its child teams (GitHub's default `role=all` listing includes nested teams). */
export const teamMemberIds = (teams: Iterable<Team>, team: Team): number[] => {
  const all = [...teams];
  const ids = new Set<number>(team.memberIds);
  const visit = (parent: Team, depth: number): void => {
    if (depth > 10) return;
    for (const child of all.filter((t) => t.parentId === parent.id)) {
      for (const id of child.memberIds) ids.add(id);
      visit(child, depth + 1);
    }
  };
  visit(team, 0);
  return [...ids].sort((a, b) => a - b);
};

export const teamRoutes: Route[] = [
  // see: https://docs.github.com/rest/teams/teams#list-teams
  {
    method: 'GET',
    path: '/orgs/{org}/teams',
    auth: 'token',
    permission: MEMBERS,
    handle: (r) => {
      const org = orgOf(r);
      const teams = [...r.ctx.store.teams.values()].filter((t) => t.orgId === org.id);
      return paginate(
        r,
        teams.map((team) => serializeTeam(r.ctx, team)),
      );
    },
  },
  {
    method: 'GET',
    path: '/orgs/{org}/teams/{team_slug}',
    auth: 'token',
    permission: MEMBERS,
    handle: (r) => ok(serializeTeamFull(r.ctx, teamOf(r))),
  },
  {
    method: 'GET',
    path: '/orgs/{org}/teams/{team_slug}/members',
    auth: 'token',
    permission: MEMBERS,
    handle: (r) => {
      const team = teamOf(r);
      const role = r.query.get('role') ?? 'all';
      const ids = teamMemberIds(r.ctx.store.teams.values(), team).filter((id) =>
        role === 'maintainer'
          ? team.maintainerIds.has(id)
          : role === 'member'
            ? !team.maintainerIds.has(id)
            : true,
      );
      return paginate(
        r,
        ids.map((id) => serializeUserById(r.ctx, id)),
      );
    },
  },
  {
    method: 'GET',
    path: '/orgs/{org}/teams/{team_slug}/memberships/{username}',
    auth: 'token',
    permission: MEMBERS,
    handle: (r) => {
      const team = teamOf(r);
      const user = r.ctx.store.account(r.params.username ?? '');
      if (!user || !teamMemberIds(r.ctx.store.teams.values(), team).includes(user.id)) throw notFound();
      return ok({
        url: `${r.ctx.urls.api}/organizations/${team.orgId}/team/${team.id}/memberships/${user.login}`,
        role: team.maintainerIds.has(user.id) ? 'maintainer' : 'member',
        state: 'active',
      });
    },
  },
  {
    method: 'GET',
    path: '/orgs/{org}/teams/{team_slug}/teams',
    auth: 'token',
    permission: MEMBERS,
    handle: (r) => {
      const team = teamOf(r);
      const children = [...r.ctx.store.teams.values()].filter((t) => t.parentId === team.id);
      return paginate(
        r,
        children.map((child) => serializeTeam(r.ctx, child)),
      );
    },
  },
  {
    method: 'GET',
    path: '/orgs/{org}/members',
    auth: 'token',
    permission: MEMBERS,
    handle: (r) => {
      const org = orgOf(r);
      const ids = [...(r.ctx.store.orgMembers.get(org.id) ?? [])].sort((a, b) => a - b);
      return paginate(
        r,
        ids.map((id) => serializeUserById(r.ctx, id)),
      );
    },
  },
  {
    method: 'GET',
    path: '/orgs/{org}/members/{username}',
    auth: 'token',
    permission: MEMBERS,
    handle: (r) => {
      const org = orgOf(r);
      const user = r.ctx.store.account(r.params.username ?? '');
      if (!user || !r.ctx.store.orgMembers.get(org.id)?.has(user.id)) throw notFound();
      return { status: 204 };
    },
  },
];
