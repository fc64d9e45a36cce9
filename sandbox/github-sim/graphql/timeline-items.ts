import type { Pull } from '../ops/pulls.ts';
import type { SimContext } from '../sim-context.ts';
import type { Repo } from '../state/types.ts';
import { actorNodeById } from './actor-node.ts';
import { commitNode } from './commit-node.ts';
import { type ConnectionArgs, connection } from './connection.ts';

export interface TimelineArgs extends ConnectionArgs {
  itemTypes?: string[] | null;
  since?: string | null;
}

/**
 * `PullRequest.timelineItems` for the events the simulator produces: the PR's commits
 * (`PULL_REQUEST_COMMIT`, at their commit date) and force-pushes (`HEAD_REF_FORCE_PUSHED_EVENT`), in
 * time order. Other item types exist on GitHub but never happen here, so filtering on them gives nothing.
 */
export const timelineItems = (
  ctx: SimContext,
  options: { repo: Repo; pull: Pull; pullNode: () => unknown; args: TimelineArgs },
) => {
  const { repo, pull, args } = options;
  const path = `${ctx.store.ownerOf(repo).login}/${repo.name}/pull/${pull.number}`;
  const commits = pull.pull.commits.map((sha) => ({
    type: 'PULL_REQUEST_COMMIT',
    at: repo.commits.get(sha)?.date ?? '',
    node: () => ({
      __typename: 'PullRequestCommit',
      id: ctx.store.nodeId('PullRequestCommit', Number.parseInt(sha.slice(0, 8), 16)),
      commit: commitNode(ctx, { repo, sha }),
      pullRequest: options.pullNode,
      resourcePath: `/${path}/commits/${sha}`,
      url: `${ctx.urls.web}/${path}/commits/${sha}`,
    }),
  }));
  const forcePushes = pull.pull.forcePushes.map((event) => ({
    type: 'HEAD_REF_FORCE_PUSHED_EVENT',
    at: event.createdAt,
    node: () => ({
      __typename: 'HeadRefForcePushedEvent',
      id: event.nodeId,
      createdAt: event.createdAt,
      actor: actorNodeById(ctx, event.actorId),
      beforeCommit: commitNode(ctx, { repo, sha: event.beforeSha }),
      afterCommit: commitNode(ctx, { repo, sha: event.afterSha }),
      pullRequest: options.pullNode,
      ref: {
        __typename: 'Ref',
        id: ctx.store.nodeId('Ref', repo.id),
        name: pull.pull.headRef,
        prefix: 'refs/heads/',
      },
    }),
  }));
  const since = args.since ? Date.parse(args.since) : Number.NEGATIVE_INFINITY;
  const all = [...commits, ...forcePushes]
    .map((item, order) => ({ ...item, order }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.order - b.order);
  const items = all.filter(
    (item) => (!args.itemTypes || args.itemTypes.includes(item.type)) && Date.parse(item.at) >= since,
  );
  return {
    ...connection(items, { args, name: 'timelineItems', toNode: (item) => item.node() }),
    filteredCount: items.length,
    pageCount: items.length,
    updatedAt: pull.updatedAt,
  };
};
