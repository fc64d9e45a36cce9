import type { SimContext } from '../sim-context.ts';
import type { Account } from '../state/types.ts';

/** REST `simple-user`. */
export const serializeUser = (ctx: SimContext, account: Account) => {
  const api = `${ctx.urls.api}/users/${account.login}`;
  return {
    login: account.login,
    id: account.id,
    node_id: account.nodeId,
    avatar_url: `${ctx.urls.web}/avatars/u/${account.id}`,
    gravatar_id: '',
    url: api,
    html_url: `${ctx.urls.web}/${account.type === 'Bot' ? `apps/${account.login.replace(/\[bot\]$/, '')}` : account.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: account.type,
    site_admin: account.siteAdmin,
    user_view_type: 'public',
  };
};

export const serializeUserById = (ctx: SimContext, id: number) =>
  serializeUser(ctx, ctx.store.accountById(id));

/** REST `private-user` (GET /user), the fields a token owner sees about itself. */
export const serializePrivateUser = (ctx: SimContext, account: Account) => ({
  ...serializeUser(ctx, account),
  name: account.name,
  company: null,
  blog: '',
  location: null,
  email: account.email,
  hireable: null,
  bio: null,
  twitter_username: null,
  public_repos: 0,
  public_gists: 0,
  followers: 0,
  following: 0,
  created_at: account.createdAt,
  updated_at: account.createdAt,
  private_gists: 0,
  total_private_repos: 0,
  owned_private_repos: 0,
  disk_usage: 0,
  collaborators: 0,
  two_factor_authentication: true,
  plan: { collaborators: 0, name: 'enterprise', space: 976562499, private_repos: 9999 },
});

/** REST `organization-simple` (webhooks' `organization`). */
export const serializeOrgSimple = (ctx: SimContext, org: Account) => {
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
  };
};
