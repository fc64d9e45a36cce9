import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { ensureEnvironment } from './ops/deployments.ts';
import type { SimContext } from './sim-context.ts';
import { createCommit } from './state/git.ts';
import type { Account, App, Installation, Permissions, Repo, Team } from './state/types.ts';

/** Every webhook event the simulator emits: the default subscription of a registered app. */
export const SIMULATED_EVENTS = [
  'check_run',
  'deployment',
  'deployment_protection_rule',
  'deployment_status',
  'issue_comment',
  'issues',
  'label',
  'pull_request',
  'pull_request_review',
  'push',
  'status',
] as const;

export interface SeededUser {
  id: number;
  login: string;
  /** Personal access token: acts as this user over REST and GraphQL. */
  token: string;
}

export interface SeededApp {
  id: number;
  slug: string;
  name: string;
  privateKeyPem: string;
  webhookSecret: string;
  botLogin: string;
}

const newAccount = (
  ctx: SimContext,
  options: { login: string; type: Account['type']; name?: string; email?: string },
) => {
  const { store } = ctx;
  if (store.account(options.login))
    throw new Error(`github-sim: the login ${options.login} is already taken`);
  const id = store.nextId();
  const account: Account = {
    id,
    nodeId: store.nodeId(options.type === 'Organization' ? 'Organization' : options.type, id),
    login: options.login,
    type: options.type,
    name: options.name ?? null,
    email: options.email ?? null,
    createdAt: store.clock.iso(),
    siteAdmin: false,
  };
  store.accounts.set(id, account);
  store.accountsByLogin.set(options.login.toLowerCase(), account);
  return account;
};

const need = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`github-sim: ${what} does not exist`);
  return value;
};

export const findRepo = (ctx: SimContext, fullName: string): Repo => {
  const [owner, name] = fullName.split('/');
  return need(ctx.store.repo(owner ?? '', name ?? ''), `repository ${fullName}`);
};

export const findAccount = (ctx: SimContext, login: string): Account =>
  need(ctx.store.account(login), `account ${login}`);

const findApp = (ctx: SimContext, app: string | number): App =>
  need(
    [...ctx.store.apps.values()].find((a) => a.id === app || a.slug === app),
    `app ${app}`,
  );

/** Seeding: users, organisations, teams, repositories, apps and installations. */
export const createSeedApi = (ctx: () => SimContext) => ({
  createUser(options: { login: string; name?: string; email?: string; token?: string }): SeededUser {
    const account = newAccount(ctx(), { ...options, type: 'User' });
    const token = options.token ?? `ghp_${randomBytes(18).toString('hex')}`;
    ctx().store.tokens.set(token, { kind: 'user', userId: account.id });
    return { id: account.id, login: account.login, token };
  },

  createOrg(options: { login: string; name?: string; members?: string[] }) {
    const org = newAccount(ctx(), { ...options, type: 'Organization' });
    ctx().store.orgMembers.set(
      org.id,
      new Set((options.members ?? []).map((login) => findAccount(ctx(), login).id)),
    );
    return { id: org.id, login: org.login };
  },

  addOrgMember(options: { org: string; user: string }) {
    const org = findAccount(ctx(), options.org);
    ctx().store.orgMembers.get(org.id)?.add(findAccount(ctx(), options.user).id);
  },

  /** A team of `org`; its members join the organisation too. `parent` nests it under another team. */
  createTeam(options: {
    org: string;
    slug: string;
    name?: string;
    members?: string[];
    maintainers?: string[];
    parent?: string;
  }) {
    const { store } = ctx();
    const org = findAccount(ctx(), options.org);
    const slug = options.slug.toLowerCase();
    if (store.teamBySlug(org.id, slug))
      throw new Error(`github-sim: team ${options.org}/${slug} already exists`);
    const parent =
      options.parent === undefined
        ? null
        : need(store.teamBySlug(org.id, options.parent), `team ${options.parent}`);
    const id = store.nextId();
    const now = store.clock.iso();
    const members = [...(options.members ?? []), ...(options.maintainers ?? [])].map(
      (login) => findAccount(ctx(), login).id,
    );
    const team: Team = {
      id,
      nodeId: store.nodeId('Team', id),
      orgId: org.id,
      slug,
      name: options.name ?? options.slug,
      description: null,
      privacy: 'closed',
      parentId: parent?.id ?? null,
      memberIds: new Set(members),
      maintainerIds: new Set((options.maintainers ?? []).map((login) => findAccount(ctx(), login).id)),
      createdAt: now,
      updatedAt: now,
    };
    store.teams.set(id, team);
    for (const member of members) store.orgMembers.get(org.id)?.add(member);
    return { id, slug };
  },

  addTeamMember(options: { org: string; team: string; user: string }) {
    const { store } = ctx();
    const org = findAccount(ctx(), options.org);
    const team = need(store.teamBySlug(org.id, options.team), `team ${options.team}`);
    const user = findAccount(ctx(), options.user);
    team.memberIds.add(user.id);
    team.updatedAt = store.clock.iso();
    store.orgMembers.get(org.id)?.add(user.id);
  },

  removeTeamMember(options: { org: string; team: string; user: string }) {
    const { store } = ctx();
    const org = findAccount(ctx(), options.org);
    const team = need(store.teamBySlug(org.id, options.team), `team ${options.team}`);
    const user = findAccount(ctx(), options.user);
    team.memberIds.delete(user.id);
    team.maintainerIds.delete(user.id);
    team.updatedAt = store.clock.iso();
  },

  /** A repository with one initial commit holding `files` on `defaultBranch` (default `main`). */
  createRepo(options: {
    owner: string;
    name: string;
    defaultBranch?: string;
    private?: boolean;
    description?: string;
    files?: Record<string, string>;
  }) {
    const { store } = ctx();
    const owner = findAccount(ctx(), options.owner);
    if (store.repo(owner.login, options.name))
      throw new Error(`github-sim: ${options.owner}/${options.name} already exists`);
    const id = store.nextId();
    const now = store.clock.iso();
    const repo: Repo = {
      id,
      nodeId: store.nodeId('Repository', id),
      ownerId: owner.id,
      name: options.name,
      description: options.description ?? null,
      private: options.private ?? true,
      defaultBranch: options.defaultBranch ?? 'main',
      createdAt: now,
      updatedAt: now,
      pushedAt: now,
      branches: new Map(),
      commits: new Map(),
      labels: new Map(),
      nextNumber: 1,
      issues: new Map(),
      environments: new Map(),
    };
    store.repos.set(id, repo);
    const root = createCommit(store, {
      repo,
      parents: [],
      changes: { 'README.md': `# ${options.name}\n`, ...options.files },
      message: 'Initial commit',
      authorId: owner.id,
    });
    repo.branches.set(repo.defaultBranch, root.sha);
    return {
      id,
      owner: owner.login,
      name: repo.name,
      fullName: `${owner.login}/${repo.name}`,
      defaultBranch: repo.defaultBranch,
      headSha: root.sha,
    };
  },

  /** Registers a GitHub App; an RSA key is generated unless one is given. */
  registerApp(options: {
    id?: number;
    slug: string;
    name?: string;
    owner?: string;
    privateKeyPem?: string;
    webhookUrl?: string | null;
    webhookSecret?: string;
    permissions?: Permissions;
    events?: string[];
  }): SeededApp {
    const c = ctx();
    const { store } = c;
    const id = options.id ?? store.nextId();
    if (store.apps.has(id)) throw new Error(`github-sim: app id ${id} is already registered`);
    const privateKeyPem =
      options.privateKeyPem ??
      generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs1', format: 'pem' })
        .toString();
    const bot = newAccount(c, { login: `${options.slug}[bot]`, type: 'Bot' });
    const now = store.clock.iso();
    const app: App = {
      id,
      nodeId: store.nodeId('Integration', id),
      slug: options.slug,
      name: options.name ?? options.slug,
      clientId: `Iv1.${randomBytes(8).toString('hex')}`,
      ownerId: options.owner ? findAccount(c, options.owner).id : bot.id,
      description: null,
      privateKeyPem,
      publicKey: createPublicKey(privateKeyPem),
      webhookUrl: options.webhookUrl ?? null,
      webhookSecret: options.webhookSecret ?? randomBytes(16).toString('hex'),
      permissions: options.permissions ?? { metadata: 'read' },
      events: options.events ?? [...SIMULATED_EVENTS],
      botUserId: bot.id,
      hookId: store.nextId(),
      createdAt: now,
      updatedAt: now,
    };
    store.apps.set(id, app);
    return {
      id,
      slug: app.slug,
      name: app.name,
      privateKeyPem,
      webhookSecret: app.webhookSecret,
      botLogin: bot.login,
    };
  },

  setAppWebhookUrl(options: { app: string | number; url: string | null }) {
    findApp(ctx(), options.app).webhookUrl = options.url;
  },

  /** Installs an app on a user or organisation: all repositories, or only `repositories` (names). */
  installApp(options: {
    app: string | number;
    account: string;
    repositories?: string[];
    permissions?: Permissions;
    events?: string[];
  }) {
    const { store } = ctx();
    const app = findApp(ctx(), options.app);
    const account = findAccount(ctx(), options.account);
    const id = store.nextId();
    const now = store.clock.iso();
    const installation: Installation = {
      id,
      appId: app.id,
      accountId: account.id,
      repositorySelection: options.repositories ? 'selected' : 'all',
      repoIds: new Set(
        (options.repositories ?? []).map((name) => findRepo(ctx(), `${account.login}/${name}`).id),
      ),
      permissions: options.permissions ?? { ...app.permissions },
      events: options.events ?? [...app.events],
      createdAt: now,
      updatedAt: now,
    };
    store.installations.set(id, installation);
    return { id };
  },

  /** An installation access token without going through JWT auth (for tests acting as the app). */
  createInstallationToken(options: { installationId: number }): string {
    const { store } = ctx();
    const installation = need(
      store.installations.get(options.installationId),
      `installation ${options.installationId}`,
    );
    const token = `ghs_${randomBytes(18).toString('hex')}`;
    store.tokens.set(token, {
      kind: 'installation',
      installationId: installation.id,
      expiresAtMs: Date.now() + 3_600_000,
      permissions: { ...installation.permissions },
      repoIds: null,
    });
    return token;
  },

  /** An environment, optionally guarded by the custom deployment protection rules of `protectionRuleApps`. */
  createEnvironment(options: { repo: string; name: string; protectionRuleApps?: Array<string | number> }) {
    const environment = ensureEnvironment(ctx(), { repo: findRepo(ctx(), options.repo), name: options.name });
    environment.protectionRuleAppIds = (options.protectionRuleApps ?? []).map(
      (app) => findApp(ctx(), app).id,
    );
    return { id: environment.id, name: environment.name };
  },
});

export type SeedApi = ReturnType<typeof createSeedApi>;
