import type { SimContext } from '../sim-context.ts';
import type { App, Installation } from '../state/types.ts';
import { serializeUser } from './user.ts';

/** REST `integration` (GET /app, `performed_via_github_app`, check runs' `app`). */
export const serializeApp = (ctx: SimContext, app: App) => ({
  id: app.id,
  slug: app.slug,
  node_id: app.nodeId,
  client_id: app.clientId,
  owner: serializeUser(ctx, ctx.store.accountById(app.ownerId)),
  name: app.name,
  description: app.description,
  external_url: `${ctx.urls.web}/apps/${app.slug}`,
  html_url: `${ctx.urls.web}/apps/${app.slug}`,
  created_at: app.createdAt,
  updated_at: app.updatedAt,
  permissions: { ...app.permissions },
  events: [...app.events],
  installations_count: [...ctx.store.installations.values()].filter((i) => i.appId === app.id).length,
});

export const serializeAppById = (ctx: SimContext, appId: number | null) => {
  if (appId === null) return null;
  const app = ctx.store.apps.get(appId);
  return app ? serializeApp(ctx, app) : null;
};

/** REST `installation`. */
export const serializeInstallation = (ctx: SimContext, installation: Installation) => {
  const app = ctx.store.apps.get(installation.appId);
  const account = ctx.store.accountById(installation.accountId);
  return {
    id: installation.id,
    account: serializeUser(ctx, account),
    repository_selection: installation.repositorySelection,
    access_tokens_url: `${ctx.urls.api}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${ctx.urls.api}/installation/repositories`,
    html_url: `${ctx.urls.web}/organizations/${account.login}/settings/installations/${installation.id}`,
    app_id: installation.appId,
    client_id: app?.clientId ?? '',
    app_slug: app?.slug ?? '',
    target_id: account.id,
    target_type: account.type,
    permissions: { ...installation.permissions },
    events: [...installation.events],
    created_at: installation.createdAt,
    updated_at: installation.updatedAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
};
