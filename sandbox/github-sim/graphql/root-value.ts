import { GraphQLError } from 'graphql';
import type { Auth } from '../http/route.ts';
import type { Pull } from '../ops/pulls.ts';
import { matchIssues } from '../ops/search-issues.ts';
import { teamMemberIds } from '../routes/teams.ts';
import type { SimContext } from '../sim-context.ts';
import { resolveRef } from '../state/git.ts';
import type { Deployment, Repo } from '../state/types.ts';
import { actorNode } from './actor-node.ts';
import { commitNode } from './commit-node.ts';
import { type ConnectionArgs, connection } from './connection.ts';
import { issueNode, pullRequestNode } from './issue-nodes.ts';
import { labelNode } from './label-node.ts';

/** GitHub's NOT_FOUND error: `type` sits at the top level of the error, not in `extensions`. */
export class NotFoundError extends GraphQLError {
  readonly type = 'NOT_FOUND';
}

const visible = (auth: Auth, repo: Repo): boolean => {
  if (auth.kind !== 'installation') return true;
  const { installation, grant } = auth;
  return (
    repo.ownerId === installation.accountId &&
    (installation.repositorySelection === 'all' || installation.repoIds.has(repo.id)) &&
    (grant.repoIds === null || grant.repoIds.has(repo.id))
  );
};

const repositoryNode = (ctx: SimContext, repo: Repo) => {
  const owner = ctx.store.ownerOf(repo);
  const byNumber = (number: number, kind: 'issue' | 'pull' | 'either') => {
    const issue = repo.issues.get(number);
    const wrong = !issue || (kind === 'issue' && issue.pull) || (kind === 'pull' && !issue.pull);
    if (!issue || wrong) {
      const what =
        kind === 'either' ? 'an issue or pull request' : kind === 'issue' ? 'an Issue' : 'a PullRequest';
      throw new NotFoundError(`Could not resolve to ${what} with the number of ${number}.`);
    }
    return issue.pull ? pullRequestNode(ctx, repo, issue as Pull) : issueNode(ctx, repo, issue);
  };
  return {
    __typename: 'Repository',
    id: repo.nodeId,
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: `${owner.login}/${repo.name}`,
    isPrivate: repo.private,
    visibility: repo.private ? 'PRIVATE' : 'PUBLIC',
    url: `${ctx.urls.web}/${owner.login}/${repo.name}`,
    createdAt: repo.createdAt,
    updatedAt: repo.updatedAt,
    owner: actorNode(ctx, owner),
    defaultBranchRef: {
      __typename: 'Ref',
      id: ctx.store.nodeId('Ref', repo.id),
      name: repo.defaultBranch,
      prefix: 'refs/heads/',
      // The commit at the branch's tip (null for a branch without one, as in an empty repository).
      target: () => {
        const sha = resolveRef(repo, repo.defaultBranch);
        return sha ? commitNode(ctx, { repo, sha }) : null;
      },
    },
    // see: https://docs.github.com/graphql/reference/objects#repository (object: `REF:path`, HEAD = default
    // branch; or by `oid`: a commit, null when the repository has none with it)
    object: ({ expression, oid }: { expression?: string | null; oid?: string | null }) => {
      if (oid != null) return repo.commits.has(oid) ? commitNode(ctx, { repo, sha: oid }) : null;
      if (expression == null) {
        throw new GraphQLError("Repository.object needs one of 'expression' or 'oid'");
      }
      const [ref = '', ...rest] = expression.split(':');
      const sha = resolveRef(repo, ref === 'HEAD' || ref === '' ? repo.defaultBranch : ref);
      const commit = sha ? repo.commits.get(sha) : undefined;
      const text = commit?.files.get(rest.join(':'));
      if (text === undefined) return null;
      return {
        __typename: 'Blob',
        id: ctx.store.nodeId('Blob', repo.id),
        text,
        isBinary: false,
        isTruncated: false,
        byteSize: Buffer.byteLength(text),
      };
    },
    // see: https://docs.github.com/graphql/reference/objects#repository (deployments: oldest first unless
    // `orderBy` says otherwise, optionally of some environments)
    deployments: (
      args: ConnectionArgs & {
        environments?: string[] | null;
        orderBy?: { field: string; direction: string } | null;
      },
    ) => {
      const list = [...ctx.store.deployments.values()]
        .filter(
          (deployment) =>
            deployment.repoId === repo.id &&
            (!args.environments || args.environments.includes(deployment.environment)),
        )
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
      if (args.orderBy?.direction === 'DESC') list.reverse();
      return connection(list, {
        args,
        name: 'deployments',
        toNode: (deployment) => deploymentNode(ctx, repo, deployment),
      });
    },
    // see: https://docs.github.com/graphql/reference/objects#repository (labels: oldest first; `query`
    // searches names and descriptions)
    labels: (args: ConnectionArgs & { query?: string | null }) => {
      const query = args.query?.toLowerCase() ?? '';
      const list = [...repo.labels.values()].filter(
        (label) =>
          label.name.toLowerCase().includes(query) || (label.description ?? '').toLowerCase().includes(query),
      );
      return connection(list, {
        args,
        name: 'labels',
        toNode: labelNode,
      });
    },
    issueOrPullRequest: ({ number }: { number: number }) => byNumber(number, 'either'),
    issue: ({ number }: { number: number }) => byNumber(number, 'issue'),
    pullRequest: ({ number }: { number: number }) => byNumber(number, 'pull'),
  };
};

/** A `Deployment`: GraphQL gives its payload as JSON text. */
const deploymentNode = (ctx: SimContext, repo: Repo, deployment: Deployment) => ({
  __typename: 'Deployment',
  id: deployment.nodeId,
  databaseId: deployment.id,
  commitOid: deployment.sha,
  commit: () => (repo.commits.has(deployment.sha) ? commitNode(ctx, { repo, sha: deployment.sha }) : null),
  createdAt: deployment.createdAt,
  updatedAt: deployment.updatedAt,
  environment: deployment.environment,
  latestEnvironment: deployment.environment,
  originalEnvironment: deployment.originalEnvironment,
  description: deployment.description,
  task: deployment.task,
  payload:
    typeof deployment.payload === 'string' ? deployment.payload : JSON.stringify(deployment.payload ?? {}),
  creator: actorNode(ctx, ctx.store.accountById(deployment.creatorId)),
  // The newest of its statuses (GitHub's states in capitals), null before the first.
  latestStatus: () => {
    const statuses = [...ctx.store.deploymentStatuses.values()].filter(
      (status) => status.deploymentId === deployment.id,
    );
    const latest = statuses.reduce<(typeof statuses)[number] | null>(
      (newest, status) => (newest === null || status.id > newest.id ? status : newest),
      null,
    );
    if (!latest) return null;
    return {
      __typename: 'DeploymentStatus',
      id: latest.nodeId,
      state: latest.state.toUpperCase(),
      description: latest.description,
      environment: latest.environment,
      environmentUrl: latest.environmentUrl,
      logUrl: latest.logUrl,
      createdAt: latest.createdAt,
      updatedAt: latest.updatedAt,
      creator: actorNode(ctx, ctx.store.accountById(latest.creatorId)),
    };
  },
});

/**
 * An organization with its teams (`team(slug)`: null when absent; members of child teams included, as
 * `membership: ALL`, GitHub's default). An installation sees only its own account's teams, and needs
 * `members: read` to (REST's team routes ask the same).
 */
const organizationNode = (ctx: SimContext, auth: Auth, login: string) => {
  const org = ctx.store.account(login);
  const foreign = auth.kind === 'installation' && auth.installation.accountId !== org?.id;
  if (org?.type !== 'Organization' || foreign) {
    throw new NotFoundError(`Could not resolve to an Organization with the login of '${login}'.`);
  }
  return {
    ...actorNode(ctx, org),
    team: ({ slug }: { slug: string }) => {
      if (auth.kind === 'installation' && !auth.grant.permissions.members) {
        throw new GraphQLError('Resource not accessible by integration');
      }
      // One part of the answer failing, the rest answered (not GitHub's whole-query timeout message, which
      // Octokit's retry plugin turns into an HTTP 500 for the whole query).
      if (ctx.outages?.teams) throw new GraphQLError('Team members are unavailable right now.');
      const team = ctx.store.teamBySlug(org.id, slug);
      if (!team) return null;
      return {
        __typename: 'Team',
        id: team.nodeId,
        databaseId: team.id,
        slug: team.slug,
        name: team.name,
        members: (args: ConnectionArgs & { membership?: string }) => {
          const ids =
            args.membership === 'IMMEDIATE'
              ? [...team.memberIds].sort((a, b) => a - b)
              : teamMemberIds(ctx.store.teams.values(), team);
          return connection(ids, {
            args,
            name: 'members',
            toNode: (id) => actorNode(ctx, ctx.store.accountById(id)),
          });
        },
      };
    },
  };
};

/** The query root for one request: what the token can see. */
export const createRootValue = (ctx: SimContext, auth: Auth) => ({
  repository: ({ owner, name }: { owner: string; name: string }) => {
    const repo = ctx.store.repo(owner, name);
    if (!repo || !visible(auth, repo)) {
      throw new NotFoundError(`Could not resolve to a Repository with the name '${owner}/${name}'.`);
    }
    return repositoryNode(ctx, repo);
  },
  // see: https://docs.github.com/graphql/reference/queries#organization
  organization: ({ login }: { login: string }) => organizationNode(ctx, auth, login),
  // see: https://docs.github.com/graphql/reference/queries#repositoryowner
  repositoryOwner: ({ login }: { login: string }) => {
    const account = ctx.store.account(login);
    if (!account || account.type === 'Bot') return null;
    const owned = [...ctx.store.repos.values()]
      .filter((repo) => repo.ownerId === account.id && visible(auth, repo))
      .sort((a, b) => a.name.localeCompare(b.name));
    return {
      ...actorNode(ctx, account),
      repositories: (args: ConnectionArgs) =>
        connection(owned, { args, name: 'repositories', toNode: (repo) => repositoryNode(ctx, repo) }),
    };
  },
  // see: https://docs.github.com/graphql/reference/queries#search
  search: (args: ConnectionArgs & { query: string; type: string }) => {
    if (args.type !== 'ISSUE') {
      throw new GraphQLError(`The simulator's search supports type ISSUE only, not ${args.type}`);
    }
    const matches = matchIssues({
      ctx,
      auth,
      q: args.query,
      fail: (message) => {
        throw new GraphQLError(message);
      },
    });
    // Newest first unless the query sorts (GitHub's best match ranks by relevance). Like GitHub, only the
    // first 1,000 results can be paged through, while issueCount counts every match.
    const page = connection(matches.slice(0, 1000), {
      args,
      name: 'search',
      toNode: ({ issue, repo }) =>
        issue.pull ? pullRequestNode(ctx, repo, issue as Pull) : issueNode(ctx, repo, issue),
    });
    return {
      ...page,
      issueCount: matches.length,
      repositoryCount: 0,
      userCount: 0,
      discussionCount: 0,
      codeCount: 0,
      wikiCount: 0,
    };
  },
  viewer: () => {
    if (auth.kind === 'user') return actorNode(ctx, auth.user);
    if (auth.kind === 'installation') return actorNode(ctx, ctx.store.accountById(auth.app.botUserId));
    throw new GraphQLError('This endpoint requires you to be authenticated.');
  },
  rateLimit: () => ({
    __typename: 'RateLimit',
    cost: 1,
    limit: 5000,
    nodeCount: 1,
    remaining: 4999,
    resetAt: new Date(Date.now() + 3_600_000).toISOString(),
    used: 1,
  }),
});
