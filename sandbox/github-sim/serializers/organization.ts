import type { SimContext } from '../sim-context.ts';
import type { Account } from '../state/types.ts';

/** REST `organization-full`, as GET /orgs/{org} and a full team's `organization` carry it. */
export const serializeOrganization = (ctx: SimContext, org: Account) => {
  const api = `${ctx.urls.api}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: org.nodeId,
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
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
  };
};
