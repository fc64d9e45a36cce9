import type { Pull } from '../ops/pulls.ts';
import { pullFiles } from '../serializers/pull-request.ts';
import type { SimContext } from '../sim-context.ts';
import type { Comment, Issue, Repo } from '../state/types.ts';
import { actorNodeById } from './actor-node.ts';
import { commitNode } from './commit-node.ts';
import { type ConnectionArgs, connection } from './connection.ts';
import { labelNode } from './label-node.ts';
import { type TimelineArgs, timelineItems } from './timeline-items.ts';

export const commentNode = (ctx: SimContext, repo: Repo, comment: Comment) => ({
  __typename: 'IssueComment',
  id: comment.nodeId,
  databaseId: comment.id,
  body: comment.body,
  bodyText: comment.body,
  createdAt: comment.createdAt,
  updatedAt: comment.updatedAt,
  lastEditedAt: comment.lastEditedAt,
  publishedAt: comment.createdAt,
  includesCreatedEdit: comment.lastEditedAt !== null,
  isMinimized: false,
  minimizedReason: null,
  viewerDidAuthor: false,
  author: actorNodeById(ctx, comment.authorId),
  url: `${ctx.urls.web}/${ctx.store.ownerOf(repo).login}/${repo.name}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
});

/** Fields Issue and PullRequest share: title, body, author, labels, comments. */
const commonFields = (ctx: SimContext, repo: Repo, issue: Issue) => {
  const path = `${ctx.store.ownerOf(repo).login}/${repo.name}`;
  return {
    id: issue.pull ? issue.pull.nodeId : issue.nodeId,
    databaseId: issue.pull ? issue.pull.id : issue.id,
    number: issue.number,
    title: issue.title,
    body: issue.body ?? '',
    bodyText: issue.body ?? '',
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    closedAt: issue.closedAt,
    closed: issue.state === 'closed',
    locked: issue.locked,
    url: `${ctx.urls.web}/${path}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`,
    author: actorNodeById(ctx, issue.authorId),
    // The repository as a search result names it (the query root's repository has every field).
    repository: () => ({
      __typename: 'Repository',
      id: repo.nodeId,
      databaseId: repo.id,
      name: repo.name,
      nameWithOwner: path,
      url: `${ctx.urls.web}/${path}`,
      owner: actorNodeById(ctx, repo.ownerId),
    }),
    labels: (args: ConnectionArgs) =>
      connection(
        issue.labelNames.flatMap((name) => {
          const label = repo.labels.get(name.toLowerCase());
          return label ? [label] : [];
        }),
        {
          args,
          name: 'labels',
          toNode: labelNode,
        },
      ),
    comments: (args: ConnectionArgs) =>
      connection(ctx.store.comments.ofThread(repo.id, issue.number), {
        args,
        name: 'comments',
        toNode: (comment) => commentNode(ctx, repo, comment),
      }),
  };
};

export const issueNode = (ctx: SimContext, repo: Repo, issue: Issue) => ({
  __typename: 'Issue',
  ...commonFields(ctx, repo, issue),
  state: issue.state.toUpperCase(),
  stateReason: issue.stateReason === null ? null : issue.stateReason.toUpperCase(),
});

const CHANGE_TYPE = { added: 'ADDED', modified: 'MODIFIED', removed: 'DELETED' } as const;

export const pullRequestNode = (ctx: SimContext, repo: Repo, pull: Pull): Record<string, unknown> => {
  const node: Record<string, unknown> = pullRequestFields(ctx, repo, pull);
  node.timelineItems = (args: TimelineArgs) => timelineItems(ctx, { repo, pull, pullNode: () => node, args });
  return node;
};

const pullRequestFields = (ctx: SimContext, repo: Repo, pull: Pull) => ({
  __typename: 'PullRequest',
  ...commonFields(ctx, repo, pull),
  state: pull.pull.merged ? 'MERGED' : pull.state.toUpperCase(),
  merged: pull.pull.merged,
  mergedAt: pull.pull.mergedAt,
  isDraft: pull.pull.draft,
  headRefOid: pull.pull.headSha,
  headRefName: pull.pull.headRef,
  baseRefName: pull.pull.baseRef,
  baseRefOid: repo.branches.get(pull.pull.baseRef) ?? pull.pull.baseSha,
  mergeCommit: () =>
    pull.pull.mergeCommitSha ? commitNode(ctx, { repo, sha: pull.pull.mergeCommitSha }) : null,
  changedFiles: pullFiles(repo, pull.pull).length,
  files: (args: ConnectionArgs) =>
    connection(pullFiles(repo, pull.pull), {
      args,
      name: 'files',
      toNode: (file) => ({
        __typename: 'PullRequestChangedFile',
        path: file.path,
        additions: file.additions,
        deletions: file.deletions,
        changeType: CHANGE_TYPE[file.status],
      }),
    }),
  reviews: (args: ConnectionArgs & { states?: string[] | null; author?: string | null }) =>
    connection(
      [...ctx.store.reviews.values()]
        .filter((r) => r.repoId === repo.id && r.pullNumber === pull.number)
        .filter((r) => !args.states || args.states.includes(r.state))
        .sort((a, b) => a.id - b.id),
      {
        args,
        name: 'reviews',
        toNode: (review) => ({
          __typename: 'PullRequestReview',
          id: review.nodeId,
          databaseId: review.id,
          state: review.state,
          body: review.body,
          bodyText: review.body,
          submittedAt: review.submittedAt,
          createdAt: review.submittedAt,
          updatedAt: review.submittedAt,
          lastEditedAt: null,
          author: actorNodeById(ctx, review.authorId),
          commit: commitNode(ctx, { repo, sha: review.commitSha }),
        }),
      },
    ),
  commits: (args: ConnectionArgs) =>
    connection(pull.pull.commits, {
      args,
      name: 'commits',
      toNode: (sha) => ({
        __typename: 'PullRequestCommit',
        id: ctx.store.nodeId('PullRequestCommit', Number.parseInt(sha.slice(0, 8), 16)),
        commit: commitNode(ctx, { repo, sha }),
      }),
    }),
});
