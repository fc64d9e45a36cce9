import { randomBytes } from 'node:crypto';
import { createAppSeedApi } from './seed-apps.ts';
import { createCollaboratorSeedApi } from './seed-collaborators.ts';
import { findAccount, findRepo, need, newAccount, type SeededUser } from './seed-helpers.ts';
import { createProtectionSeedApi } from './seed-protection.ts';
import { createThreadSeedApi } from './seed-threads.ts';
import type { SimContext } from './sim-context.ts';
import { createCommit } from './state/git.ts';
import type { Repo, Team } from './state/types.ts';

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

  /**
   * Renames `repo` (`owner/name`) to `name` and, with `owner`, transfers it to that account: the same
   * repository (id, node id, issues, comments) under its new full name, as GitHub keeps it. Sends no webhook
   * (the app subscribes to no `repository` events); the old name no longer resolves (GitHub would redirect it).
   */
  renameRepo(options: { repo: string; name?: string; owner?: string }) {
    const { store } = ctx();
    const repo = findRepo(ctx(), options.repo);
    const owner = options.owner === undefined ? store.ownerOf(repo) : findAccount(ctx(), options.owner);
    const name = options.name ?? repo.name;
    const taken = store.repo(owner.login, name);
    if (taken && taken !== repo) throw new Error(`github-sim: ${owner.login}/${name} already exists`);
    repo.ownerId = owner.id;
    repo.name = name;
    repo.updatedAt = store.clock.iso();
    return { id: repo.id, fullName: `${owner.login}/${repo.name}` };
  },

  ...createAppSeedApi(ctx),
  ...createProtectionSeedApi(ctx),
  ...createThreadSeedApi(ctx),
  ...createCollaboratorSeedApi(ctx),
});

export type SeedApi = ReturnType<typeof createSeedApi>;
