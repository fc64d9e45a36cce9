import type { Pull } from '../ops/pulls.ts';
import { latestStatuses } from '../serializers/status.ts';
import type { SimContext } from '../sim-context.ts';
import type { CheckRun, Repo } from '../state/types.ts';
import { actorNode, actorNodeById } from './actor-node.ts';
import { type ConnectionArgs, connection } from './connection.ts';
import { pullRequestNode } from './issue-nodes.ts';

const upper = (value: string | null): string | null => (value === null ? null : value.toUpperCase());

interface CheckFilter {
  filterBy?: {
    appId?: number | null;
    checkName?: string | null;
    checkType?: string | null;
    status?: string | null;
  } | null;
}

const checkRunNode = (ctx: SimContext, repo: Repo, run: CheckRun) => ({
  __typename: 'CheckRun',
  id: run.nodeId,
  databaseId: run.id,
  name: run.name,
  status: upper(run.status),
  conclusion: upper(run.conclusion),
  startedAt: run.startedAt,
  completedAt: run.completedAt,
  title: run.output.title,
  summary: run.output.summary,
  text: run.output.text,
  detailsUrl: run.detailsUrl,
  externalId: run.externalId,
  url: `${ctx.urls.web}/${ctx.store.ownerOf(repo).login}/${repo.name}/runs/${run.id}`,
  permalink: `${ctx.urls.web}/${ctx.store.ownerOf(repo).login}/${repo.name}/runs/${run.id}`,
  isRequired: () => false,
});

/** Git's author or committer: name, email and the GitHub user they map to (none for a bot). */
const gitActor = (ctx: SimContext, options: { accountId: number; date: string }) => {
  const account = ctx.store.accountById(options.accountId);
  return {
    __typename: 'GitActor',
    name: account.name ?? account.login,
    email: account.email ?? `${account.login}@users.noreply`,
    date: options.date,
    avatarUrl: () => `${ctx.urls.web}/avatars/u/${account.id}`,
    user: account.type === 'User' ? actorNode(ctx, account) : null,
  };
};

/**
 * `sha` and every ancestor, in `git log`'s default order: of the commits whose children are all listed, the
 * newest (commit date) first, ties in the order they were reached.
 */
const gitLogOrder = (repo: Repo, sha: string): string[] => {
  const seen = new Set<string>([sha]);
  const children = new Map<string, number>();
  for (let i = 0, queue = [sha]; i < queue.length; i++) {
    for (const parent of repo.commits.get(queue[i] as string)?.parents ?? []) {
      children.set(parent, (children.get(parent) ?? 0) + 1);
      if (!seen.has(parent)) {
        seen.add(parent);
        queue.push(parent);
      }
    }
  }
  const order: string[] = [];
  const ready = [sha];
  while (ready.length > 0) {
    let pick = 0;
    for (let i = 1; i < ready.length; i++) {
      if (
        (repo.commits.get(ready[i] as string)?.date ?? '') >
        (repo.commits.get(ready[pick] as string)?.date ?? '')
      )
        pick = i;
    }
    const [next] = ready.splice(pick, 1) as [string];
    order.push(next);
    for (const parent of repo.commits.get(next)?.parents ?? []) {
      const left = (children.get(parent) ?? 1) - 1;
      children.set(parent, left);
      if (left === 0) ready.push(parent);
    }
  }
  return order;
};

/** A `Commit` with its check suites (one per app, each with its runs) and its combined status. */
export const commitNode = (ctx: SimContext, options: { repo: Repo; sha: string }) => {
  const { repo, sha } = options;
  const commit = repo.commits.get(sha);
  return {
    __typename: 'Commit',
    id: ctx.store.nodeId('Commit', Number.parseInt(sha.slice(0, 8), 16)),
    oid: sha,
    abbreviatedOid: sha.slice(0, 7),
    message: commit?.message ?? '',
    messageHeadline: (commit?.message ?? '').split('\n')[0],
    committedDate: commit?.date,
    authoredDate: commit?.date,
    author: commit ? gitActor(ctx, { accountId: commit.authorId, date: commit.date }) : null,
    committer: commit ? gitActor(ctx, { accountId: commit.authorId, date: commit.date }) : null,
    authors: (args: ConnectionArgs) =>
      connection(commit ? [commit.authorId] : [], {
        args,
        name: 'authors',
        toNode: (accountId) => gitActor(ctx, { accountId, date: commit?.date ?? '' }),
      }),
    // Open PRs that contain the commit, and the merged PR that brought it in (GitHub's rule).
    associatedPullRequests: (args: ConnectionArgs) =>
      connection(
        [...repo.issues.values()]
          .filter(
            (issue): issue is Pull =>
              issue.pull !== null &&
              ((issue.state === 'open' && issue.pull.commits.includes(sha)) ||
                (issue.pull.merged &&
                  (issue.pull.commits.includes(sha) || issue.pull.mergeCommitSha === sha))),
          )
          .sort((a, b) => a.number - b.number),
        { args, name: 'associatedPullRequests', toNode: (pull) => pullRequestNode(ctx, repo, pull) },
      ),
    url: `${ctx.urls.web}/${ctx.store.ownerOf(repo).login}/${repo.name}/commit/${sha}`,
    // The commit's parents, in order (a merge commit: the base's tip first, as git records it).
    parents: (args: ConnectionArgs) =>
      connection(commit?.parents ?? [], {
        args,
        name: 'parents',
        toNode: (parent) => commitNode(ctx, { repo, sha: parent }),
      }),
    // This commit and its ancestors as `git log` lists them (newest first, never a parent before a child).
    history: (args: ConnectionArgs) =>
      connection(gitLogOrder(repo, sha), {
        args,
        name: 'history',
        toNode: (oid) => commitNode(ctx, { repo, sha: oid }),
      }),
    checkSuites: (args: ConnectionArgs & CheckFilter) => {
      const suites = [...ctx.store.checkSuites.values()].filter(
        (suite) =>
          suite.repoId === repo.id &&
          suite.headSha === sha &&
          (args.filterBy?.appId == null || suite.appId === args.filterBy.appId) &&
          // CheckSuiteFilter.checkName: the suites holding a run of that name.
          (args.filterBy?.checkName == null ||
            [...ctx.store.checkRuns.values()].some(
              (run) => run.suiteId === suite.id && run.name === args.filterBy?.checkName,
            )),
      );
      return connection(suites, {
        args,
        name: 'checkSuites',
        toNode: (suite) => {
          const app = ctx.store.apps.get(suite.appId);
          return {
            __typename: 'CheckSuite',
            id: suite.nodeId,
            databaseId: suite.id,
            createdAt: suite.createdAt,
            updatedAt: suite.updatedAt,
            app: app
              ? {
                  __typename: 'App',
                  id: app.nodeId,
                  databaseId: app.id,
                  slug: app.slug,
                  name: app.name,
                  createdAt: app.createdAt,
                  updatedAt: app.updatedAt,
                }
              : null,
            checkRuns: (runArgs: ConnectionArgs & CheckFilter) => {
              const runs = [...ctx.store.checkRuns.values()].filter(
                (run) =>
                  run.suiteId === suite.id &&
                  (runArgs.filterBy?.checkName == null || run.name === runArgs.filterBy.checkName),
              );
              return connection(runs, {
                args: runArgs,
                name: 'checkRuns',
                toNode: (run) => checkRunNode(ctx, repo, run),
              });
            },
          };
        },
      });
    },
    status: () => {
      const statuses = latestStatuses(ctx, repo, sha);
      if (statuses.length === 0) return null;
      const states = statuses.map((s) => s.state);
      const state = states.some((s) => s === 'failure' || s === 'error')
        ? 'FAILURE'
        : states.includes('pending')
          ? 'PENDING'
          : 'SUCCESS';
      return {
        __typename: 'Status',
        id: ctx.store.nodeId('Status', statuses[0]?.id ?? 0),
        state,
        contexts: statuses.map((s) => ({
          __typename: 'StatusContext',
          id: s.nodeId,
          context: s.context,
          state: s.state.toUpperCase(),
          description: s.description,
          targetUrl: s.targetUrl,
          createdAt: s.createdAt,
          creator: actorNodeById(ctx, s.creatorId),
          isRequired: () => false,
        })),
      };
    },
  };
};
