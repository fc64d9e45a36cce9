import type { SimContext } from '../sim-context.ts';
import { diffTrees } from '../state/git.ts';
import type { Issue, PullData, Repo } from '../state/types.ts';
import { authorAssociation, commentCount, repoPath } from './issue.ts';
import { serializePullLabels } from './label.ts';
import { serializeRepository } from './repository.ts';
import { serializeUser, serializeUserById } from './user.ts';

export const pullFiles = (repo: Repo, pull: PullData) =>
  diffTrees(
    repo.commits.get(pull.baseSha)?.files ?? new Map(),
    repo.commits.get(pull.headSha)?.files ?? new Map(),
  );

/** REST `pull-request` (GET /pulls/{n} and webhooks); list endpoints use the same shape. */
export const serializePullRequest = (ctx: SimContext, repo: Repo, issue: Issue & { pull: PullData }) => {
  const { pull } = issue;
  const path = repoPath(ctx, repo);
  const api = `${ctx.urls.api}/repos/${path}`;
  const html = `${ctx.urls.web}/${path}/pull/${issue.number}`;
  const owner = ctx.store.ownerOf(repo);
  // PR head/base repositories carry no `organization` object (webhook schemas type it as a string).
  const { organization: _organization, ...repository } = serializeRepository(ctx, repo);
  const files = pullFiles(repo, pull);
  const branch = (ref: string, sha: string) => ({
    label: `${owner.login}:${ref}`,
    ref,
    sha,
    user: serializeUser(ctx, owner),
    repo: repository,
  });
  const baseSha = pull.merged ? pull.baseSha : (repo.branches.get(pull.baseRef) ?? pull.baseSha);
  const link = (href: string) => ({ href });
  return {
    url: `${api}/pulls/${issue.number}`,
    id: pull.id,
    node_id: pull.nodeId,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${issue.number}`,
    commits_url: `${api}/pulls/${issue.number}/commits`,
    review_comments_url: `${api}/pulls/${issue.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${issue.number}/comments`,
    statuses_url: `${api}/statuses/${pull.headSha}`,
    number: issue.number,
    state: issue.state,
    locked: issue.locked,
    title: issue.title,
    user: serializeUserById(ctx, issue.authorId),
    body: issue.body,
    labels: serializePullLabels(ctx, repo, issue.labelNames),
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: issue.assigneeIds[0] === undefined ? null : serializeUserById(ctx, issue.assigneeIds[0]),
    assignees: issue.assigneeIds.map((id) => serializeUserById(ctx, id)),
    requested_reviewers: [],
    requested_teams: [],
    head: branch(pull.headRef, pull.headSha),
    base: branch(pull.baseRef, baseSha),
    _links: {
      self: link(`${api}/pulls/${issue.number}`),
      html: link(html),
      issue: link(`${api}/issues/${issue.number}`),
      comments: link(`${api}/issues/${issue.number}/comments`),
      review_comments: link(`${api}/pulls/${issue.number}/comments`),
      review_comment: link(`${api}/pulls/comments{/number}`),
      commits: link(`${api}/pulls/${issue.number}/commits`),
      statuses: link(`${api}/statuses/${pull.headSha}`),
    },
    author_association: authorAssociation(ctx, repo, issue.authorId),
    auto_merge: null,
    draft: pull.draft,
    merged: pull.merged,
    mergeable: issue.state === 'open' ? true : null,
    rebaseable: issue.state === 'open' ? true : null,
    mergeable_state: issue.state === 'open' ? 'clean' : 'unknown',
    merged_by: pull.mergedById === null ? null : serializeUserById(ctx, pull.mergedById),
    comments: commentCount(ctx, issue),
    review_comments: 0,
    maintainer_can_modify: false,
    commits: pull.commits.length,
    additions: files.reduce((sum, file) => sum + file.additions, 0),
    deletions: files.reduce((sum, file) => sum + file.deletions, 0),
    changed_files: files.length,
  };
};
